package io.marketflow.store.coordinator;

/** The coordinator is shutting down and admits nothing more. */
public final class CoordinatorClosedException extends AdmissionRefusedException {

    public CoordinatorClosedException(String coordinatorId) {
        super("write coordinator " + coordinatorId + " is shutting down", null);
    }
}

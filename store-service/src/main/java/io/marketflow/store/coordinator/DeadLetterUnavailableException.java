package io.marketflow.store.coordinator;

/**
 * The dead-letter queue refuses records, so the coordinator admits nothing: an item it acknowledged now might
 * have nowhere to go if it could not be written. Clears once the held items are parked.
 */
public final class DeadLetterUnavailableException extends AdmissionRefusedException {

    public DeadLetterUnavailableException(String coordinatorId, String reason) {
        super(
                "write coordinator " + coordinatorId + " admits nothing while its dead-letter queue refuses records ("
                        + reason + ")",
                null);
    }
}

package io.marketflow.store.coordinator;

/**
 * Why {@link WriteCoordinator#submitMany} admitted nothing of a request: the queue is full, the coordinator is
 * shutting down, or the dead-letter queue or the journal fails. The caller may try again later; the web layer
 * maps each to its problem response in one place. Stack traces are not filled in: refusals are expected under
 * load and fully described by their message.
 */
public abstract sealed class AdmissionRefusedException extends RuntimeException
        permits QueueFullException,
                CoordinatorClosedException,
                DeadLetterUnavailableException,
                JournalUnavailableException {

    AdmissionRefusedException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}

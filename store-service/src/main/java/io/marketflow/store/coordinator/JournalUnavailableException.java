package io.marketflow.store.coordinator;

import java.time.Duration;

/** The write-ahead journal could not make a request's items durable (disk full or failing); nothing was admitted. */
public final class JournalUnavailableException extends AdmissionRefusedException {

    private final Duration retryAfter;

    public JournalUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

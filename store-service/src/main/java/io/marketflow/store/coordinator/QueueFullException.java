package io.marketflow.store.coordinator;

import java.time.Duration;

/**
 * The queue had no room for a request's items. {@code timedOut} tells the {@code block} strategy's
 * "waited and gave up" (503) from the {@code error} strategy's immediate refusal (429).
 */
public final class QueueFullException extends AdmissionRefusedException {

    private final boolean timedOut;
    private final Duration retryAfter;

    private QueueFullException(String message, boolean timedOut, Duration retryAfter) {
        super(message, null);
        this.timedOut = timedOut;
        this.retryAfter = retryAfter;
    }

    public static QueueFullException rejected(int requested, int free, Duration retryAfter) {
        return new QueueFullException(
                "write queue is full: " + requested + " items requested, " + free + " free", false, retryAfter);
    }

    public static QueueFullException timedOut(int requested, Duration waited, Duration retryAfter) {
        return new QueueFullException(
                "write queue stayed full for " + waited.toMillis() + " ms: " + requested + " items not admitted",
                true,
                retryAfter);
    }

    public boolean timedOut() {
        return timedOut;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

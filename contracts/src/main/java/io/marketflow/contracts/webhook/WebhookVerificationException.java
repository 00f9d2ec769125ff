package io.marketflow.contracts.webhook;

/**
 * A webhook message that must not be trusted. Unchecked so that it can cross reactive operators; a receiver maps
 * it to 401. {@link #reason()} is a small fixed set, fit for a metric tag; the message adds detail for logs.
 */
public final class WebhookVerificationException extends RuntimeException {

    /** Why a message was refused. */
    public enum Reason {
        MISSING_HEADERS,
        INVALID_TIMESTAMP,
        TIMESTAMP_TOO_OLD,
        TIMESTAMP_TOO_NEW,
        NO_MATCHING_SIGNATURE
    }

    private final Reason reason;

    WebhookVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

package io.marketflow.contracts.webhook;

/** Names of the Standard Webhooks headers, as the sender writes them (HTTP header names are case-insensitive). */
public final class WebhookHeaders {

    /** Unique id of the message; the same id on a retry. */
    public static final String ID = "webhook-id";

    /** Seconds since the epoch at which the message was signed. */
    public static final String TIMESTAMP = "webhook-timestamp";

    /** One or more space-separated {@code v1,<base64>} signatures. */
    public static final String SIGNATURE = "webhook-signature";

    private WebhookHeaders() {}
}

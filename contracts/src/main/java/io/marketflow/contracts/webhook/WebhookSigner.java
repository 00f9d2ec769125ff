package io.marketflow.contracts.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs outgoing webhook messages with the Standard Webhooks scheme: HMAC-SHA256 of {@code "{id}.{timestamp}.{body}"}.
 * Immutable and thread-safe.
 */
public final class WebhookSigner {

    private final Webhook webhook;

    /**
     * @param secret {@code whsec_} followed by the base64 of at least 24 random bytes
     * @throws IllegalArgumentException if the secret is not of that form
     */
    public WebhookSigner(String secret) {
        this.webhook = WebhookSecret.parse(secret);
    }

    /**
     * The headers to send with {@code body}, in {@link WebhookHeaders} order. The caller must send {@code body}
     * byte for byte as signed (UTF-8) and reuse {@code msgId} when it retries the same message.
     *
     * @param timestamp when the message is sent; only whole seconds are signed
     */
    public Map<String, String> sign(String msgId, Instant timestamp, String body) {
        if (msgId == null || msgId.isBlank()) {
            throw new IllegalArgumentException("webhook message id is empty");
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(body, "body");
        long seconds = timestamp.getEpochSecond();
        String signature;
        try {
            signature = webhook.sign(msgId, seconds, body);
        } catch (WebhookSigningException e) {
            // Only thrown when the JVM lacks HmacSHA256 or rejects the key, neither of which a caller can fix.
            throw new IllegalStateException("cannot sign webhook message: " + e.getMessage(), e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookHeaders.ID, msgId);
        headers.put(WebhookHeaders.TIMESTAMP, Long.toString(seconds));
        headers.put(WebhookHeaders.SIGNATURE, signature);
        return Collections.unmodifiableMap(headers);
    }
}

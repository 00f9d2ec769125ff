package io.marketflow.store.feedback;

import io.marketflow.contracts.webhook.WebhookHeaders;
import io.marketflow.contracts.webhook.WebhookSigner;
import java.time.Instant;
import java.util.Map;

/**
 * Produces the Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp} and, when signed,
 * {@code webhook-signature}) for one delivery attempt. The caller must send {@code body} byte for byte as
 * given and reuse {@code msgId} when it retries the same event.
 */
@FunctionalInterface
public interface EventSigner {

    Map<String, String> sign(String msgId, Instant timestamp, String body);

    /** Id and timestamp only, for a receiver without a secret; they still let it drop duplicates. */
    static EventSigner unsigned() {
        return (msgId, timestamp, body) ->
                Map.of(WebhookHeaders.ID, msgId, WebhookHeaders.TIMESTAMP, Long.toString(timestamp.getEpochSecond()));
    }

    /**
     * Signs with {@code secret} ({@code whsec_<base64>}), or {@link #unsigned()} when it is null or blank.
     *
     * @throws IllegalArgumentException if the secret is set but malformed (the message never contains it)
     */
    static EventSigner forSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            return unsigned();
        }
        return new WebhookSigner(secret)::sign;
    }
}

package io.marketflow.contracts.webhook;

import com.standardwebhooks.Webhook;
import java.util.Base64;

/** Parses a {@code whsec_<base64>} secret into the library's signer, with errors that say what is wrong. */
final class WebhookSecret {

    static final String PREFIX = "whsec_";

    /** The Standard Webhooks specification asks for keys of 24 to 64 random bytes. */
    static final int MIN_KEY_BYTES = 24;

    private WebhookSecret() {}

    /**
     * @throws IllegalArgumentException naming the problem; the message never contains the secret itself
     */
    static Webhook parse(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("webhook secret is empty");
        }
        // Secrets mounted from files often end in a newline, which can never be part of the base64 text.
        String text = secret.strip();
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("webhook secret must start with " + PREFIX);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "webhook secret must be " + PREFIX + " followed by standard base64: " + e.getMessage());
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "webhook secret must decode to at least " + MIN_KEY_BYTES + " bytes, but has " + key.length);
        }
        // The library would also accept a secret without the prefix; we have already insisted on it.
        return new Webhook(key);
    }
}

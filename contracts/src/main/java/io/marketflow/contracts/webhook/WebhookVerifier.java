package io.marketflow.contracts.webhook;

import static io.marketflow.contracts.webhook.WebhookVerificationException.Reason.INVALID_TIMESTAMP;
import static io.marketflow.contracts.webhook.WebhookVerificationException.Reason.MISSING_HEADERS;
import static io.marketflow.contracts.webhook.WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE;
import static io.marketflow.contracts.webhook.WebhookVerificationException.Reason.TIMESTAMP_TOO_NEW;
import static io.marketflow.contracts.webhook.WebhookVerificationException.Reason.TIMESTAMP_TOO_OLD;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks incoming webhook messages signed with the Standard Webhooks scheme. Immutable and thread-safe.
 *
 * <p>The library's own {@code Webhook.verify} reads {@code System.currentTimeMillis()} and cannot be given a
 * clock, so this class checks the timestamp window against the injected {@link Clock}, lets the library compute
 * the expected signature, and compares it in constant time with {@link MessageDigest#isEqual}, as the library does.
 */
public final class WebhookVerifier {

    /** How far a message's timestamp may be from now, either way, as the specification recommends. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final String VERSION = "v1";

    private final Webhook webhook;
    private final Clock clock;

    /**
     * @param secret {@code whsec_} followed by the base64 of at least 24 random bytes
     * @param clock the source of "now" for the timestamp window
     * @throws IllegalArgumentException if the secret is not of that form
     */
    public WebhookVerifier(String secret, Clock clock) {
        this.webhook = WebhookSecret.parse(secret);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns normally only if {@code signatureHeader} holds at least one valid {@code v1} signature of
     * {@code body} for this id and timestamp, and the timestamp is within {@link #TOLERANCE} of now. The caller
     * must pass the body exactly as received, before any parsing; {@code null} stands for a missing header.
     *
     * @throws WebhookVerificationException saying why the message must be refused
     */
    public void verify(String body, String id, String timestamp, String signatureHeader) {
        requireHeaders(id, timestamp, signatureHeader);
        long seconds = checkedTimestamp(timestamp);
        byte[] expected = expectedSignature(id, seconds, Objects.requireNonNull(body, "body"));
        // Several signatures let a sender rotate its secret; any one valid signature is enough.
        for (String candidate : signatureHeader.split(" ")) {
            int comma = candidate.indexOf(',');
            if (comma > 0 && candidate.substring(0, comma).equals(VERSION)) {
                byte[] actual = candidate.substring(comma + 1).getBytes(StandardCharsets.US_ASCII);
                if (MessageDigest.isEqual(actual, expected)) {
                    return;
                }
            }
        }
        throw new WebhookVerificationException(NO_MATCHING_SIGNATURE, "no matching v1 signature");
    }

    private static void requireHeaders(String id, String timestamp, String signature) {
        List<String> missing = new ArrayList<>(3);
        if (id == null || id.isBlank()) {
            missing.add(WebhookHeaders.ID);
        }
        if (timestamp == null || timestamp.isBlank()) {
            missing.add(WebhookHeaders.TIMESTAMP);
        }
        if (signature == null || signature.isBlank()) {
            missing.add(WebhookHeaders.SIGNATURE);
        }
        if (!missing.isEmpty()) {
            throw new WebhookVerificationException(MISSING_HEADERS, "missing header(s): " + String.join(", ", missing));
        }
    }

    private long checkedTimestamp(String timestamp) {
        // Digits only, as senders write it: anything else is reported as a bad timestamp, not a bad signature.
        if (timestamp.length() > 18 || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new WebhookVerificationException(INVALID_TIMESTAMP, "webhook-timestamp is not in epoch seconds");
        }
        long seconds = Long.parseLong(timestamp);
        long now = clock.instant().getEpochSecond();
        long tolerance = TOLERANCE.toSeconds();
        if (seconds < now - tolerance) {
            throw new WebhookVerificationException(
                    TIMESTAMP_TOO_OLD, "webhook-timestamp is " + (now - seconds) + " s in the past");
        }
        if (seconds > now + tolerance) {
            throw new WebhookVerificationException(
                    TIMESTAMP_TOO_NEW, "webhook-timestamp is " + (seconds - now) + " s in the future");
        }
        return seconds;
    }

    private byte[] expectedSignature(String id, long seconds, String body) {
        String signed;
        try {
            signed = webhook.sign(id, seconds, body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("cannot compute webhook signature: " + e.getMessage(), e);
        }
        // The library returns "v1,<base64>"; only the base64 part is compared.
        return signed.substring(signed.indexOf(',') + 1).getBytes(StandardCharsets.US_ASCII);
    }
}

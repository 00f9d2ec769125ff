package io.marketflow.store.feedback;

import io.marketflow.contracts.retry.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how patiently the {@link WebhookBroadcaster} posts events.
 *
 * @param timeout how long one POST may take before it counts as failed
 * @param initialBackoff wait after the first failure; doubles with each further consecutive failure
 * @param maxBackoff longest wait between attempts while the receiver keeps failing
 */
public record WebhookSettings(URI url, Duration timeout, Duration initialBackoff, Duration maxBackoff) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    public WebhookSettings {
        Objects.requireNonNull(url, "url");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("webhook url must be http(s), was " + url);
        }
        requirePositive("timeout", timeout);
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be below initialBackoff");
        }
    }

    /** 2 s timeout, backoff from 200 ms up to 10 s. */
    public static WebhookSettings defaults(URI url) {
        return new WebhookSettings(url, DEFAULT_TIMEOUT, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** Wait before the next attempt after {@code consecutiveFailures} (at least 1) failed attempts in a row. */
    Duration backoff(int consecutiveFailures) {
        return Backoff.doubling(initialBackoff, maxBackoff).delay(consecutiveFailures);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}

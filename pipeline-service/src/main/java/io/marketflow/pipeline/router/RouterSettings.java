package io.marketflow.pipeline.router;

import io.marketflow.contracts.retry.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * @param batchSize most bars per request
 * @param linger how long a partial batch waits for more bars before it is sent
 * @param backoff the wait after failed requests in a row (a store's Retry-After is honoured beyond its cap)
 */
public record RouterSettings(int batchSize, Duration linger, Backoff backoff) {

    public RouterSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        Objects.requireNonNull(linger, "linger");
        if (linger.isNegative() || linger.isZero()) {
            throw new IllegalArgumentException("linger must be > 0, was " + linger);
        }
        Objects.requireNonNull(backoff, "backoff");
    }

    /**
     * @param initialBackoff first wait after a failed request, doubled per failure in a row
     * @param maxBackoff longest wait after failures
     */
    public RouterSettings(int batchSize, Duration linger, Duration initialBackoff, Duration maxBackoff) {
        this(batchSize, linger, Backoff.doubling(initialBackoff, maxBackoff));
    }
}

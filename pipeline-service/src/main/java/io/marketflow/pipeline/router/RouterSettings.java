package io.marketflow.pipeline.router;

import java.time.Duration;
import java.util.Objects;

/**
 * @param batchSize most bars per request
 * @param linger how long a partial batch waits for more bars before it is sent
 * @param initialBackoff first wait after a failed request (doubled per failure in a row)
 * @param maxBackoff longest wait after failures (a store's Retry-After is honoured beyond it)
 */
public record RouterSettings(int batchSize, Duration linger, Duration initialBackoff, Duration maxBackoff) {

    public RouterSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        requirePositive("linger", linger);
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
    }
}

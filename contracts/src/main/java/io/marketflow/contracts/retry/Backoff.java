package io.marketflow.contracts.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff, the one rule both services wait by: before retry {@code attempt} (1 for the first
 * retry) wait {@code initial × multiplier^(attempt-1)}, spread by ±{@code jitter} (a fraction; 0 for none),
 * and never longer than {@code max}. The cap is applied after the jitter, as Resilience4j's
 * {@code IntervalFunction.ofExponentialRandomBackoff} does, so a long run of failures waits {@code max}.
 *
 * @param initial wait before the first retry; positive
 * @param max longest wait; not below {@code initial}
 * @param multiplier growth per attempt; at least 1
 * @param jitter how far a wait may stray from the exponential value, as a fraction of it; in [0, 1)
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isZero() || initial.isNegative()) {
            throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " must not be below initial " + initial);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be >= 1, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter < 1.0)) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1), was " + jitter);
        }
    }

    /** Doubling from {@code initial} up to {@code max}, without jitter. */
    public static Backoff doubling(Duration initial, Duration max) {
        return new Backoff(initial, max, 2.0, 0.0);
    }

    /** The wait before retry {@code attempt} (counted from 1; smaller values count as 1), with jitter drawn from {@code random}. */
    public Duration delay(int attempt, RandomGenerator random) {
        double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(attempt, 1) - 1);
        if (jitter > 0) {
            nanos *= 1 - jitter + 2 * jitter * random.nextDouble();
        }
        long maxNanos = max.toNanos();
        return Duration.ofNanos(nanos >= maxNanos ? maxNanos : Math.round(nanos));
    }

    /** {@link #delay(int, RandomGenerator)} with the current thread's random generator. */
    public Duration delay(int attempt) {
        return delay(attempt, ThreadLocalRandom.current());
    }
}

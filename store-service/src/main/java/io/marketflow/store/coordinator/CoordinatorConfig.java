package io.marketflow.store.coordinator;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link WriteCoordinator} needs to know, checked once here so the coordinator itself never
 * meets an impossible value. {@link #defaults(String, int)} gives the contract's defaults; the {@code with…}
 * methods change one concern at a time.
 *
 * @param flushInterval checked and reported only: a free worker takes what is queued at once instead of holding
 *     a part-batch for this long (kept so that {@code MDS_COORDINATOR_FLUSH_INTERVAL} still configures)
 * @param highWatermark queue size at or above which the level is {@code hard}
 * @param lowWatermark queue size at or below which the level is {@code ok}; must be below {@code highWatermark}
 * @param enqueueTimeout how long {@link OverflowStrategy#BLOCK} waits for room
 * @param minLevelDwell how long the backpressure level is held at least before it may relax
 */
public record CoordinatorConfig(
        String id,
        int capacity,
        int workers,
        int batchSize,
        Duration flushInterval,
        int highWatermark,
        int lowWatermark,
        OverflowStrategy overflowStrategy,
        Duration enqueueTimeout,
        RetrySettings retry,
        BreakerSettings breaker,
        Duration minLevelDwell) {

    /** How long a level is held at least before it may relax (see {@link LevelHysteresis}). */
    public static final Duration DEFAULT_MIN_LEVEL_DWELL = Duration.ofSeconds(1);

    public CoordinatorConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(overflowStrategy, "overflowStrategy");
        Objects.requireNonNull(enqueueTimeout, "enqueueTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(minLevelDwell, "minLevelDwell");
        check(!id.isBlank(), "id must not be blank");
        check(capacity >= 1, "capacity must be >= 1, got " + capacity);
        check(workers >= 1, "workers must be >= 1, got " + workers);
        check(batchSize >= 1, "batchSize must be >= 1, got " + batchSize);
        check(flushInterval.toNanos() > 0, "flushInterval must be positive, got " + flushInterval);
        check(
                lowWatermark >= 0 && lowWatermark < highWatermark && highWatermark <= capacity,
                "watermarks must satisfy 0 <= low < high <= capacity, got low=" + lowWatermark + " high="
                        + highWatermark + " capacity=" + capacity);
        check(!enqueueTimeout.isNegative(), "enqueueTimeout must not be negative, got " + enqueueTimeout);
        check(!minLevelDwell.isNegative(), "minLevelDwell must not be negative, got " + minLevelDwell);
    }

    /**
     * The contract's defaults: 4 workers, batches of 500 or every 250 ms, watermarks at 80 % and 50 %, block 5 s,
     * levels held at least 1 s.
     */
    public static CoordinatorConfig defaults(String id, int capacity) {
        return new CoordinatorConfig(
                id,
                capacity,
                4,
                500,
                Duration.ofMillis(250),
                defaultHighWatermark(capacity),
                defaultLowWatermark(capacity),
                OverflowStrategy.BLOCK,
                Duration.ofSeconds(5),
                RetrySettings.defaults(),
                BreakerSettings.defaults(),
                DEFAULT_MIN_LEVEL_DWELL);
    }

    public static int defaultHighWatermark(int capacity) {
        return Math.max(1, (int) (capacity * 0.8));
    }

    public static int defaultLowWatermark(int capacity) {
        return Math.min((int) (capacity * 0.5), defaultHighWatermark(capacity) - 1);
    }

    public CoordinatorConfig withWorkers(int workers) {
        return new CoordinatorConfig(
                id,
                capacity,
                workers,
                batchSize,
                flushInterval,
                highWatermark,
                lowWatermark,
                overflowStrategy,
                enqueueTimeout,
                retry,
                breaker,
                minLevelDwell);
    }

    public CoordinatorConfig withBatching(int batchSize, Duration flushInterval) {
        return new CoordinatorConfig(
                id,
                capacity,
                workers,
                batchSize,
                flushInterval,
                highWatermark,
                lowWatermark,
                overflowStrategy,
                enqueueTimeout,
                retry,
                breaker,
                minLevelDwell);
    }

    public CoordinatorConfig withWatermarks(int highWatermark, int lowWatermark) {
        return new CoordinatorConfig(
                id,
                capacity,
                workers,
                batchSize,
                flushInterval,
                highWatermark,
                lowWatermark,
                overflowStrategy,
                enqueueTimeout,
                retry,
                breaker,
                minLevelDwell);
    }

    public CoordinatorConfig withOverflow(OverflowStrategy overflowStrategy, Duration enqueueTimeout) {
        return new CoordinatorConfig(
                id,
                capacity,
                workers,
                batchSize,
                flushInterval,
                highWatermark,
                lowWatermark,
                overflowStrategy,
                enqueueTimeout,
                retry,
                breaker,
                minLevelDwell);
    }

    public CoordinatorConfig withRetry(RetrySettings retry) {
        return new CoordinatorConfig(
                id,
                capacity,
                workers,
                batchSize,
                flushInterval,
                highWatermark,
                lowWatermark,
                overflowStrategy,
                enqueueTimeout,
                retry,
                breaker,
                minLevelDwell);
    }

    public CoordinatorConfig withBreaker(BreakerSettings breaker) {
        return new CoordinatorConfig(
                id,
                capacity,
                workers,
                batchSize,
                flushInterval,
                highWatermark,
                lowWatermark,
                overflowStrategy,
                enqueueTimeout,
                retry,
                breaker,
                minLevelDwell);
    }

    public CoordinatorConfig withMinLevelDwell(Duration minLevelDwell) {
        return new CoordinatorConfig(
                id,
                capacity,
                workers,
                batchSize,
                flushInterval,
                highWatermark,
                lowWatermark,
                overflowStrategy,
                enqueueTimeout,
                retry,
                breaker,
                minLevelDwell);
    }

    /**
     * Retries of transient failures: {@code maxAttempts} counts the first attempt; waits grow from
     * {@code initialBackoff} by {@code multiplier} up to {@code maxBackoff}, each randomised by ±50 % when
     * {@code jitter} is on.
     */
    public record RetrySettings(
            int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier, boolean jitter) {

        public RetrySettings {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            check(maxAttempts >= 1, "retry maxAttempts must be >= 1, got " + maxAttempts);
            check(initialBackoff.toMillis() >= 1, "retry initialBackoff must be >= 1 ms, got " + initialBackoff);
            check(
                    maxBackoff.compareTo(initialBackoff) >= 0,
                    "retry maxBackoff must be >= initialBackoff, got " + maxBackoff);
            check(multiplier >= 1.0, "retry multiplier must be >= 1.0, got " + multiplier);
        }

        public static RetrySettings defaults() {
            return new RetrySettings(5, Duration.ofMillis(50), Duration.ofMillis(2000), 2.0, true);
        }
    }

    /**
     * The circuit breaker opens after {@code failureThreshold} consecutive transient write failures and lets
     * one probe through {@code halfOpenAfter} later.
     */
    public record BreakerSettings(int failureThreshold, Duration halfOpenAfter) {

        public BreakerSettings {
            Objects.requireNonNull(halfOpenAfter, "halfOpenAfter");
            check(failureThreshold >= 1, "breaker failureThreshold must be >= 1, got " + failureThreshold);
            check(halfOpenAfter.toMillis() >= 1, "breaker halfOpenAfter must be >= 1 ms, got " + halfOpenAfter);
        }

        public static BreakerSettings defaults() {
            return new BreakerSettings(5, Duration.ofSeconds(60));
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

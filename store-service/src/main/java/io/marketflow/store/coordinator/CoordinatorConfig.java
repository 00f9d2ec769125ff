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

    /** The contract's defaults for a queue of {@code capacity}; see {@link Builder} for what they are. */
    public static CoordinatorConfig defaults(String id, int capacity) {
        return builder(id, capacity).build();
    }

    /** A builder that starts from the contract's defaults. */
    public static Builder builder(String id, int capacity) {
        return new Builder(id, capacity);
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder(id, capacity)
                .workers(workers)
                .batching(batchSize, flushInterval)
                .watermarks(highWatermark, lowWatermark)
                .overflow(overflowStrategy, enqueueTimeout)
                .retry(retry)
                .breaker(breaker)
                .minLevelDwell(minLevelDwell);
    }

    /** 80 % of the capacity (at least 1): the contract's default high watermark. */
    public static int defaultHighWatermark(int capacity) {
        return Math.max(1, (int) (capacity * 0.8));
    }

    /**
     * 50 % of the capacity, kept below {@link #defaultHighWatermark}: the contract's default low watermark, and
     * the only place it is computed (the settings delegate here).
     */
    public static int defaultLowWatermark(int capacity) {
        return Math.min((int) (capacity * 0.5), defaultHighWatermark(capacity) - 1);
    }

    /**
     * Every default in one place: 4 workers, batches of 500, a 250 ms flush interval, watermarks from
     * {@link #defaultHighWatermark}/{@link #defaultLowWatermark}, {@link OverflowStrategy#BLOCK} for up to 5 s,
     * {@link RetrySettings#defaults()}, {@link BreakerSettings#defaults()}, levels held at least 1 s. Values
     * are checked by {@link #build()}.
     */
    public static final class Builder {

        private final String id;
        private final int capacity;
        private int workers = 4;
        private int batchSize = 500;
        private Duration flushInterval = Duration.ofMillis(250);
        private Integer highWatermark;
        private Integer lowWatermark;
        private OverflowStrategy overflowStrategy = OverflowStrategy.BLOCK;
        private Duration enqueueTimeout = Duration.ofSeconds(5);
        private RetrySettings retry = RetrySettings.defaults();
        private BreakerSettings breaker = BreakerSettings.defaults();
        private Duration minLevelDwell = Duration.ofSeconds(1);

        private Builder(String id, int capacity) {
            this.id = id;
            this.capacity = capacity;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder batching(int batchSize, Duration flushInterval) {
            this.batchSize = batchSize;
            this.flushInterval = flushInterval;
            return this;
        }

        /** {@code null} for either keeps its default. */
        public Builder watermarks(Integer highWatermark, Integer lowWatermark) {
            this.highWatermark = highWatermark;
            this.lowWatermark = lowWatermark;
            return this;
        }

        public Builder overflow(OverflowStrategy overflowStrategy, Duration enqueueTimeout) {
            this.overflowStrategy = overflowStrategy;
            this.enqueueTimeout = enqueueTimeout;
            return this;
        }

        public Builder retry(RetrySettings retry) {
            this.retry = retry;
            return this;
        }

        public Builder breaker(BreakerSettings breaker) {
            this.breaker = breaker;
            return this;
        }

        /** How long a level is held at least before it may relax (see {@link LevelHysteresis}). */
        public Builder minLevelDwell(Duration minLevelDwell) {
            this.minLevelDwell = minLevelDwell;
            return this;
        }

        public CoordinatorConfig build() {
            return new CoordinatorConfig(
                    id,
                    capacity,
                    workers,
                    batchSize,
                    flushInterval,
                    highWatermark != null ? highWatermark : defaultHighWatermark(capacity),
                    lowWatermark != null ? lowWatermark : defaultLowWatermark(capacity),
                    overflowStrategy,
                    enqueueTimeout,
                    retry,
                    breaker,
                    minLevelDwell);
        }
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

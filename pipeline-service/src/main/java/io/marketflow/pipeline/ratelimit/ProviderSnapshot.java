package io.marketflow.pipeline.ratelimit;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;

/**
 * One provider's rate state at a moment, for status pages, metrics and tests.
 *
 * @param baseRate tokens per second at scale 1.0
 * @param scale the budget scale set by feedback (0.0 pauses)
 * @param effectiveRate {@code baseRate x scale}
 * @param tokens tokens in the bucket now
 * @param pressure the last level set with {@link RateCoordinator#setGlobalPressure}
 * @param cooldownRemaining time left of a cooldown, zero when none
 * @param waiting acquirers queued behind the bucket, breaker or cooldown
 */
public record ProviderSnapshot(
        String provider,
        int capacity,
        double baseRate,
        double scale,
        double effectiveRate,
        double tokens,
        BackpressureLevel pressure,
        BreakerState breaker,
        int consecutiveFailures,
        Duration cooldownRemaining,
        int waiting) {}

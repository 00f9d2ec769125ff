package io.marketflow.pipeline.ratelimit;

import java.time.Duration;

/**
 * The limits a provider is registered with.
 *
 * @param capacity tokens the bucket holds, i.e. the largest burst
 * @param refillRate tokens per second at scale 1.0 (the base rate)
 * @param cooldown how long {@link RateCoordinator#triggerCooldown} holds the provider back
 * @param breakerThreshold consecutive failures that open the breaker
 * @param breakerTimeout how long an open breaker holds the provider back
 */
public record ProviderLimits(
        int capacity, double refillRate, Duration cooldown, int breakerThreshold, Duration breakerTimeout) {

    /** The contract's defaults: capacity 100, 60 per second, cooldown 600 s, breaker 5 failures / 60 s. */
    public static final ProviderLimits DEFAULTS =
            new ProviderLimits(100, 60, Duration.ofSeconds(600), 5, Duration.ofSeconds(60));

    public ProviderLimits {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        if (!(refillRate > 0) || Double.isInfinite(refillRate)) {
            throw new IllegalArgumentException("refillRate must be a finite number > 0, was " + refillRate);
        }
        if (cooldown == null || cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0, was " + cooldown);
        }
        if (breakerThreshold < 1) {
            throw new IllegalArgumentException("breakerThreshold must be >= 1, was " + breakerThreshold);
        }
        if (breakerTimeout == null || breakerTimeout.isNegative()) {
            throw new IllegalArgumentException("breakerTimeout must be >= 0, was " + breakerTimeout);
        }
    }
}

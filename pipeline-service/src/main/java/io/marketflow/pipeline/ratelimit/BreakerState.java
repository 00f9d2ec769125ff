package io.marketflow.pipeline.ratelimit;

/** Where a provider's circuit breaker stands: {@code OPEN} holds every acquirer back. */
public enum BreakerState {
    CLOSED,
    OPEN,
    HALF_OPEN
}

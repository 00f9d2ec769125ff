package io.marketflow.pipeline.ratelimit;

/**
 * One provider's circuit breaker, as an immutable value in the provider's limiter state (not the store's
 * write breaker): {@code threshold} consecutive failures open it for {@code timeoutNanos}; after that it is
 * half-open, where one success closes it and one failure opens it again.
 */
record ProviderCircuit(int consecutiveFailures, boolean tripped, long openUntilNanos) {

    static final ProviderCircuit CLOSED = new ProviderCircuit(0, false, 0);

    ProviderCircuit onFailure(long nowNanos, int threshold, long timeoutNanos) {
        int failures = consecutiveFailures + 1;
        boolean halfOpen = tripped && nowNanos - openUntilNanos >= 0;
        if (halfOpen || (!tripped && failures >= threshold)) {
            return new ProviderCircuit(failures, true, nowNanos + timeoutNanos);
        }
        return new ProviderCircuit(failures, tripped, openUntilNanos);
    }

    ProviderCircuit onSuccess() {
        return CLOSED;
    }

    /** Nanoseconds until callers may pass again; 0 when closed or half-open. */
    long nanosUntilClosed(long nowNanos) {
        return tripped ? Math.max(0, openUntilNanos - nowNanos) : 0;
    }

    BreakerState state(long nowNanos) {
        if (!tripped) {
            return BreakerState.CLOSED;
        }
        return nanosUntilClosed(nowNanos) > 0 ? BreakerState.OPEN : BreakerState.HALF_OPEN;
    }
}

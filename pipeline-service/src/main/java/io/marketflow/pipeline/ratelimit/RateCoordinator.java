package io.marketflow.pipeline.ratelimit;

import io.marketflow.contracts.BackpressureLevel;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Paces every provider with its own token bucket, circuit breaker and cooldown, and lets feedback scale the
 * refill rates. Callers register a provider once, then {@link #acquire} before each unit of work, report
 * outcomes with {@link #recordFailure} / {@link #recordSuccess}, and never block: waiting happens in the
 * returned {@link Mono}, timed on the injected scheduler and clock.
 */
public final class RateCoordinator implements BudgetControl {

    private final LongSupplier nanoTime;
    private final Scheduler scheduler;
    private final Map<String, ProviderLimiter> limiters = new ConcurrentHashMap<>();

    /**
     * @param nanoTime a monotonic clock in nanoseconds; must agree with the scheduler's notion of time
     * @param scheduler where waits are timed
     */
    public RateCoordinator(LongSupplier nanoTime, Scheduler scheduler) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** A coordinator on {@link System#nanoTime} and Reactor's parallel scheduler. */
    public static RateCoordinator systemDefault() {
        return new RateCoordinator(System::nanoTime, Schedulers.parallel());
    }

    /**
     * Adds a provider with a full bucket, scale 1.0, pressure ok.
     *
     * @throws IllegalStateException when the name is already registered
     */
    public void register(String provider, ProviderLimits limits) {
        Objects.requireNonNull(limits, "limits");
        ProviderLimiter limiter = new ProviderLimiter(requireName(provider), limits, nanoTime, scheduler);
        if (limiters.putIfAbsent(provider, limiter) != null) {
            throw new IllegalStateException("provider " + provider + " is already registered");
        }
    }

    @Override
    public Set<String> providers() {
        return Set.copyOf(limiters.keySet());
    }

    /**
     * A Mono that completes once {@code tokens} tokens are taken from the provider's bucket. Acquirers are
     * served first come, first served: a large request at the head is not overtaken by small ones behind it.
     * Nothing happens until subscription; cancelling gives up the place in line. Waits while the breaker is
     * open, during a cooldown, and for as long as the scale is 0.0.
     *
     * @param tokens 1..capacity; anything else fails the Mono with {@link IllegalArgumentException}
     */
    public Mono<Void> acquire(String provider, int tokens) {
        ProviderLimiter limiter = limiters.get(provider);
        return limiter == null ? Mono.error(unknown(provider)) : limiter.acquire(tokens);
    }

    /** A Mono that completes once neither the breaker nor a cooldown holds the provider back. */
    public Mono<Void> whenOpen(String provider) {
        ProviderLimiter limiter = limiters.get(provider);
        return limiter == null ? Mono.error(unknown(provider)) : limiter.whenOpen();
    }

    /** Counts a failed call; {@code breakerThreshold} in a row open the breaker for {@code breakerTimeout}. */
    public void recordFailure(String provider) {
        limiter(provider).recordFailure();
    }

    /** Counts a successful call: resets the failure count and closes a half-open breaker. */
    public void recordSuccess(String provider) {
        limiter(provider).recordSuccess();
    }

    /** Holds the provider back for its {@code cooldown} (e.g. after the provider itself said "slow down"). */
    public void triggerCooldown(String provider) {
        limiter(provider).triggerCooldown();
    }

    @Override
    public void setBudgetScale(String provider, double scale) {
        if (!(scale >= 0.0 && scale <= 1.0)) {
            throw new IllegalArgumentException("scale must be within 0.0..1.0, was " + scale);
        }
        limiter(provider).setScale(scale);
    }

    @Override
    public double baseRate(String provider) {
        return limiter(provider).baseRate();
    }

    @Override
    public void setGlobalPressure(String provider, BackpressureLevel level) {
        limiter(provider).setPressure(Objects.requireNonNull(level, "level"));
    }

    /** The provider's state now. */
    public ProviderSnapshot snapshot(String provider) {
        return limiter(provider).snapshot();
    }

    /** Every provider's state now, sorted by name. */
    public List<ProviderSnapshot> snapshots() {
        return limiters.keySet().stream().sorted().map(this::snapshot).toList();
    }

    private ProviderLimiter limiter(String provider) {
        ProviderLimiter limiter = limiters.get(provider);
        if (limiter == null) {
            throw unknown(provider);
        }
        return limiter;
    }

    private static IllegalArgumentException unknown(String provider) {
        return new IllegalArgumentException("unknown provider: " + provider);
    }

    private static String requireName(String provider) {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("provider name must not be blank");
        }
        return provider;
    }
}

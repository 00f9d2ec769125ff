package io.marketflow.contracts.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A nano-time source seen as a clock: {@code origin} plus the nanoseconds the source gives, in UTC. Code that takes
 * its time from an injected source hands this to a library that wants a {@link Clock} (the store's circuit breaker
 * to Resilience4j, where only differences matter, so the origin is the epoch); a test turns a virtual time source
 * into a wall clock with it (Reactor's {@code VirtualTimeScheduler}: {@code () -> scheduler.now(TimeUnit.NANOSECONDS)}).
 * A clock in another zone is never needed, so {@link #withZone} returns this clock.
 */
public final class NanoTimeClock extends Clock {

    private final Instant origin;
    private final LongSupplier nanoTime;

    public NanoTimeClock(Instant origin, LongSupplier nanoTime) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(nanoTime.getAsLong());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

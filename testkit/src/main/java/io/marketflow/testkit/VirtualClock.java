package io.marketflow.testkit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The wall clock of a test: {@code origin} plus the nanoseconds a virtual time source says have elapsed, in UTC.
 * The source is a supplier so that the kit needs no scheduler library: with Reactor's
 * {@code VirtualTimeScheduler} pass {@code () -> scheduler.now(TimeUnit.NANOSECONDS)}. A clock in another zone is
 * never needed, so {@link #withZone} returns this clock.
 */
public final class VirtualClock extends Clock {

    private final Instant origin;
    private final LongSupplier elapsedNanos;

    public VirtualClock(Instant origin, LongSupplier elapsedNanos) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.elapsedNanos = Objects.requireNonNull(elapsedNanos, "elapsedNanos");
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(elapsedNanos.getAsLong());
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

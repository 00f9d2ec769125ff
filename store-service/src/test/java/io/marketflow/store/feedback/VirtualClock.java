package io.marketflow.store.feedback;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A clock that reads the virtual time of a {@link VirtualTimeScheduler}, starting at {@code origin}. */
final class VirtualClock extends Clock {

    private final Instant origin;
    private final VirtualTimeScheduler scheduler;

    VirtualClock(Instant origin, VirtualTimeScheduler scheduler) {
        this.origin = origin;
        this.scheduler = scheduler;
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(scheduler.now(TimeUnit.NANOSECONDS));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}

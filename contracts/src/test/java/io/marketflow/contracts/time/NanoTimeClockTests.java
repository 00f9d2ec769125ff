package io.marketflow.contracts.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NanoTimeClockTests {

    private static final Instant ORIGIN = Instant.parse("2025-10-15T14:30:00Z");

    @Test
    void readsTheOriginPlusTheNanosecondsTheSourceGivesNow() {
        AtomicLong nanos = new AtomicLong(250);
        NanoTimeClock clock = new NanoTimeClock(ORIGIN, nanos::get);
        assertThat(clock.instant()).isEqualTo(ORIGIN.plusNanos(250));

        nanos.addAndGet(1_500_000_000L);

        assertThat(clock.instant()).isEqualTo(Instant.parse("2025-10-15T14:30:01.500000250Z"));
        assertThat(clock.millis()).isEqualTo(ORIGIN.toEpochMilli() + 1_500);
    }

    @Test
    void isInUtcWhicheverZoneIsAskedFor() {
        NanoTimeClock clock = new NanoTimeClock(ORIGIN, () -> 0);

        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.withZone(ZoneId.of("America/New_York"))).isSameAs(clock);
    }
}

package io.marketflow.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.time.NanoTimeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The limit follows the store's clock, although the clock is read only for dates beyond the last limit. */
class FutureLimitTests {

    private static final Instant T0 = Instant.parse("2026-01-05T14:30:00Z");

    private final AtomicLong elapsedNanos = new AtomicLong();
    private final Clock clock = new NanoTimeClock(T0, elapsedNanos::get);
    private final FutureLimit<Bar> limit = FutureLimit.of(Bar.class, Duration.ofSeconds(60), clock);

    @Test
    void aDateBeyondTheLastLimitIsJudgedByTheClockAsItIsNow() {
        assertThat(limit.check(0, bar(T0.plusSeconds(60)))).as("at the limit").isNull();
        assertThat(limit.check(1, bar(T0.plusSeconds(61))))
                .as("a second beyond it")
                .isNotNull();

        elapsedNanos.set(Duration.ofSeconds(5).toNanos());

        assertThat(limit.check(2, bar(T0.plusSeconds(65))))
                .as("the limit moved with the clock")
                .isNull();
        assertThat(limit.check(3, bar(T0.plusSeconds(66)))).isNotNull();
    }

    @Test
    void namesTheItemTheFieldAndTheClock() {
        assertThat(limit.check(7, bar(T0.plusSeconds(3600)))).satisfies(error -> {
            assertThat(error.index()).isEqualTo(7);
            assertThat(error.field()).isEqualTo("ts");
            assertThat(error.message()).contains("60 seconds ahead", T0.toString());
        });
    }

    @Test
    void aLimitBeyondTheLastInstantIsNoLimit() {
        FutureLimit<Bar> none = FutureLimit.of(Bar.class, Duration.ofSeconds(Long.MAX_VALUE), clock);

        assertThat(none.check(0, bar(Instant.MAX))).isNull();
    }

    private static Bar bar(Instant ts) {
        return Bar.of("AAPL", "1m", ts, 1, 1, 1, 1, 1);
    }
}

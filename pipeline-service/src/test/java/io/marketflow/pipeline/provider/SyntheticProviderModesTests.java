package io.marketflow.pipeline.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.time.NanoTimeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Live and backfill modes on a virtual clock: bars are never dated ahead of the clock, and once the history is
 * out there is one bar per symbol per period, as the period ends.
 */
class SyntheticProviderModesTests {

    /** Half a minute into 10:00. */
    private static final Instant NOW = Instant.parse("2026-01-05T10:00:30Z");

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final Clock clock = new NanoTimeClock(NOW, () -> time.now(TimeUnit.NANOSECONDS));
    private final List<Bar> received = new CopyOnWriteArrayList<>();
    private final List<Instant> receivedAt = new CopyOnWriteArrayList<>();
    private Disposable subscription;

    @AfterEach
    void stop() {
        if (subscription != null) {
            subscription.dispose();
        }
        time.dispose();
    }

    private void subscribe(SyntheticProvider.Mode mode, String timeframe, Instant start) {
        SyntheticProvider provider =
                new SyntheticProvider("sim", List.of("AAPL", "MSFT"), timeframe, mode, start, 7, clock, time);
        subscription = provider.bars().subscribe(bar -> {
            received.add(bar);
            receivedAt.add(clock.instant());
        });
    }

    private List<Instant> timestamps() {
        return received.stream().map(Bar::ts).toList();
    }

    private void assertNothingAheadOfTheClock(Duration length) {
        for (int i = 0; i < received.size(); i++) {
            assertThat(received.get(i).ts().plus(length))
                    .as("end of the period of bar %d, emitted at %s", i, receivedAt.get(i))
                    .isBeforeOrEqualTo(receivedAt.get(i));
        }
    }

    @Test
    void liveStartsWithTheLastEndedPeriodThenOneBarPerSymbolAsEachPeriodEnds() {
        subscribe(SyntheticProvider.Mode.LIVE, "1m", Instant.EPOCH);

        assertThat(timestamps())
                .containsExactly(Instant.parse("2026-01-05T09:59:00Z"), Instant.parse("2026-01-05T09:59:00Z"));

        time.advanceTimeBy(Duration.ofSeconds(29));
        assertThat(received).as("10:00 has not ended yet").hasSize(2);

        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(received).hasSize(4);
        assertThat(received.subList(2, 4))
                .extracting(Bar::symbol, Bar::ts)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("AAPL", Instant.parse("2026-01-05T10:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple("MSFT", Instant.parse("2026-01-05T10:00:00Z")));

        time.advanceTimeBy(Duration.ofMinutes(60));
        assertThat(received).as("one bar per symbol per minute").hasSize(4 + 2 * 60);
        assertNothingAheadOfTheClock(Duration.ofMinutes(1));
        assertThat(received.get(received.size() - 1).ts()).isEqualTo(Instant.parse("2026-01-05T11:00:00Z"));
    }

    @Test
    void backfillSendsTheHistoryAtOnceThenFollowsTheClock() {
        subscribe(SyntheticProvider.Mode.BACKFILL, "1m", NOW.minus(Duration.ofHours(2)));

        assertThat(received)
                .as("every minute from 08:00 to 09:59, both symbols")
                .hasSize(2 * 120);
        assertThat(received.get(0).ts()).isEqualTo(Instant.parse("2026-01-05T08:00:00Z"));
        assertThat(received.get(received.size() - 1).ts()).isEqualTo(Instant.parse("2026-01-05T09:59:00Z"));

        time.advanceTimeBy(Duration.ofSeconds(30));
        assertThat(received).hasSize(2 * 121);

        time.advanceTimeBy(Duration.ofMinutes(10));
        assertThat(received).hasSize(2 * 131);
        assertNothingAheadOfTheClock(Duration.ofMinutes(1));
    }

    @Test
    void backfillFromAStartAheadOfTheClockWaitsForIt() {
        subscribe(SyntheticProvider.Mode.BACKFILL, "5s", NOW.plus(Duration.ofMinutes(1)));

        assertThat(received).isEmpty();

        time.advanceTimeBy(Duration.ofMinutes(1).plusSeconds(5));
        assertThat(timestamps()).containsExactly(NOW.plus(Duration.ofMinutes(1)), NOW.plus(Duration.ofMinutes(1)));
        assertNothingAheadOfTheClock(Duration.ofSeconds(5));
    }

    @Test
    void oneSecondBarsFollowTheClockSecondBySecond() {
        subscribe(SyntheticProvider.Mode.LIVE, "1s", Instant.EPOCH);

        time.advanceTimeBy(Duration.ofSeconds(100));

        assertThat(received).hasSize(2 + 2 * 100);
        assertNothingAheadOfTheClock(Duration.ofSeconds(1));
    }
}

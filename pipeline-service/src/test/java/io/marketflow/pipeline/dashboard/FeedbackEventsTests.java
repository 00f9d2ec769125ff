package io.marketflow.pipeline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.pipeline.feedback.CoordinatorSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackEventsTests {

    private static final Instant T0 = Instant.parse("2025-10-15T14:30:00Z");

    private static CoordinatorSnapshot heard(String id, BackpressureLevel level, long seq, int queueSize) {
        return heard(id, level, seq, queueSize, T0.plusSeconds(seq));
    }

    private static CoordinatorSnapshot heard(String id, BackpressureLevel level, long seq, int queueSize, Instant ts) {
        return new CoordinatorSnapshot(id, level, level, seq, queueSize, 10_000, Duration.ZERO, false, ts, null, null);
    }

    /** One event of {@code bars-coord}. */
    private static void hear(FeedbackEvents events, BackpressureLevel level, long seq, int queueSize) {
        events.observe(List.of(heard("bars-coord", level, seq, queueSize)));
    }

    /** The entry of {@code bars-coord}'s event {@code seq}, a run of {@code count} with the same level. */
    private static DashboardSnapshot.Event entry(String from, String to, long seq, int queueSize, int count) {
        return new DashboardSnapshot.Event(T0.plusSeconds(seq), "bars-coord", from, to, seq, queueSize, count);
    }

    @Test
    void recordsEachLevelChangeWithTheLevelItLeft() {
        FeedbackEvents events = new FeedbackEvents(10);

        hear(events, BackpressureLevel.OK, 1, 10);
        hear(events, BackpressureLevel.SOFT, 2, 6000);
        hear(events, BackpressureLevel.HARD, 3, 8100);

        assertThat(events.recent())
                .containsExactly(
                        entry("soft", "hard", 3, 8100, 1),
                        entry("ok", "soft", 2, 6000, 1),
                        entry(null, "ok", 1, 10, 1));
    }

    @Test
    void keepsARunOfHeartbeatsAsOneEntryWithTheLatestOfThem() {
        FeedbackEvents events = new FeedbackEvents(10);

        hear(events, BackpressureLevel.OK, 1, 10);
        hear(events, BackpressureLevel.SOFT, 2, 6000);
        for (long seq = 3; seq <= 6; seq++) {
            hear(events, BackpressureLevel.SOFT, seq, 6000 + (int) seq);
        }
        hear(events, BackpressureLevel.OK, 7, 100);
        hear(events, BackpressureLevel.OK, 8, 90);

        assertThat(events.recent())
                .containsExactly(
                        entry("ok", "ok", 8, 90, 1),
                        entry("soft", "ok", 7, 100, 1),
                        entry("soft", "soft", 6, 6006, 4),
                        entry("ok", "soft", 2, 6000, 1),
                        entry(null, "ok", 1, 10, 1));
    }

    @Test
    void sameEventSeenAgainIsNotRecordedTwice() {
        FeedbackEvents events = new FeedbackEvents(10);

        hear(events, BackpressureLevel.OK, 1, 10);
        hear(events, BackpressureLevel.OK, 1, 10);

        assertThat(events.recent()).hasSize(1);
    }

    @Test
    void restartedStoreWhoseSeqStartsAgainIsHeard() {
        FeedbackEvents events = new FeedbackEvents(10);

        hear(events, BackpressureLevel.HARD, 40, 9000);
        events.observe(List.of(heard("bars-coord", BackpressureLevel.OK, 0, 0, T0.plusSeconds(60))));

        assertThat(events.recent())
                .first()
                .extracting(DashboardSnapshot.Event::from, DashboardSnapshot.Event::to)
                .containsExactly("hard", "ok");
    }

    @Test
    void keepsOnlyTheNewestEntries() {
        FeedbackEvents events = new FeedbackEvents(3);
        BackpressureLevel[] levels = {BackpressureLevel.OK, BackpressureLevel.SOFT};

        for (long seq = 1; seq <= 5; seq++) {
            BackpressureLevel level = levels[(int) seq % 2];
            events.observe(List.of(heard("bars-coord", level, seq, 0), heard("news-coord", level, seq, 0)));
        }

        assertThat(events.recent())
                .extracting(DashboardSnapshot.Event::coordinatorId, DashboardSnapshot.Event::seq)
                .containsExactly(tuple("news-coord", 5L), tuple("bars-coord", 5L), tuple("news-coord", 4L));
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FeedbackEvents(0));
    }
}

package io.marketflow.pipeline.dashboard;

import static io.marketflow.contracts.BackpressureLevel.HARD;
import static io.marketflow.contracts.BackpressureLevel.OK;
import static io.marketflow.contracts.BackpressureLevel.SOFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.pipeline.feedback.CoordinatorSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FeedbackEventsTests {

    private static final Instant T0 = Instant.parse("2025-10-15T14:30:00Z");

    private static CoordinatorSnapshot heard(String id, BackpressureLevel level, long seq, int queueSize) {
        return heard(id, level, seq, queueSize, T0.plusSeconds(seq));
    }

    private static CoordinatorSnapshot heard(String id, BackpressureLevel level, long seq, int queueSize, Instant ts) {
        return new CoordinatorSnapshot(id, level, level, seq, queueSize, 10_000, Duration.ZERO, false, ts, null, null);
    }

    /** An event of {@code bars-coord}. */
    private static CoordinatorSnapshot bars(BackpressureLevel level, long seq, int queueSize) {
        return heard("bars-coord", level, seq, queueSize);
    }

    private static void hear(FeedbackEvents events, BackpressureLevel level, long seq, int queueSize) {
        events.observe(List.of(bars(level, seq, queueSize)));
    }

    /** The entry of {@code bars-coord}'s event {@code seq}, a run of {@code count} with the same level. */
    private static DashboardSnapshot.Event entry(String from, String to, long seq, int queueSize, int count) {
        return new DashboardSnapshot.Event(T0.plusSeconds(seq), "bars-coord", from, to, seq, queueSize, count);
    }

    /** What is recorded, the events of {@code bars-coord} heard one at a time, the entries they leave newest first. */
    static Stream<Arguments> histories() {
        return Stream.of(
                Arguments.of(
                        "each level change with the level it left",
                        List.of(bars(OK, 1, 10), bars(SOFT, 2, 6000), bars(HARD, 3, 8100)),
                        List.of(
                                entry("soft", "hard", 3, 8100, 1),
                                entry("ok", "soft", 2, 6000, 1),
                                entry(null, "ok", 1, 10, 1))),
                Arguments.of(
                        "a run of heartbeats as one entry with the latest of them",
                        List.of(
                                bars(OK, 1, 10),
                                bars(SOFT, 2, 6000),
                                bars(SOFT, 3, 6003),
                                bars(SOFT, 4, 6004),
                                bars(SOFT, 5, 6005),
                                bars(SOFT, 6, 6006),
                                bars(OK, 7, 100),
                                bars(OK, 8, 90)),
                        List.of(
                                entry("ok", "ok", 8, 90, 1),
                                entry("soft", "ok", 7, 100, 1),
                                entry("soft", "soft", 6, 6006, 4),
                                entry("ok", "soft", 2, 6000, 1),
                                entry(null, "ok", 1, 10, 1))));
    }

    @ParameterizedTest(name = "records {0}")
    @MethodSource("histories")
    void recordsTheLevelHistoryNewestFirst(
            String what, List<CoordinatorSnapshot> heard, List<DashboardSnapshot.Event> recorded) {
        FeedbackEvents events = new FeedbackEvents(10);

        heard.forEach(event -> events.observe(List.of(event)));

        assertThat(events.recent()).containsExactlyElementsOf(recorded);
    }

    @Test
    void sameEventSeenAgainIsNotRecordedTwice() {
        FeedbackEvents events = new FeedbackEvents(10);

        hear(events, OK, 1, 10);
        hear(events, OK, 1, 10);

        assertThat(events.recent()).hasSize(1);
    }

    @Test
    void restartedStoreWhoseSeqStartsAgainIsHeard() {
        FeedbackEvents events = new FeedbackEvents(10);

        hear(events, HARD, 40, 9000);
        events.observe(List.of(heard("bars-coord", OK, 0, 0, T0.plusSeconds(60))));

        assertThat(events.recent())
                .first()
                .extracting(DashboardSnapshot.Event::from, DashboardSnapshot.Event::to)
                .containsExactly("hard", "ok");
    }

    @Test
    void keepsOnlyTheNewestEntries() {
        FeedbackEvents events = new FeedbackEvents(3);
        BackpressureLevel[] levels = {OK, SOFT};

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

package io.marketflow.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WriteCapacityTests {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final WriteCapacity capacity = new WriteCapacity(now::get);

    @Test
    void isUnknownBeforeTheFirstBatch() {
        assertThat(capacity.perSecond()).isNull();

        capacity.started();
        tick(Duration.ofMillis(100));
        assertThat(capacity.perSecond()).as("a batch still being written").isNull();
    }

    @Test
    void withEveryWorkerBusyItIsTheCommitRate() {
        // Four workers, each committing 500 items every 200 ms, staggered: 10 000 items/s.
        saturated(500, Duration.ofMillis(200), Duration.ofSeconds(5));

        assertThat(capacity.perSecond()).isCloseTo(10_000, within(1.0));
    }

    @Test
    void underLightLoadCountsOnlyTheTimeAWorkerIsBusy() {
        // 500 items a second, each batch written in 200 ms: at least 2500/s possible, not 500/s (the offered rate).
        for (int i = 0; i < 10; i++) {
            batch(500, Duration.ofMillis(200));
            tick(Duration.ofMillis(800));
        }

        assertThat(capacity.perSecond()).isCloseTo(2_500, within(1.0));
    }

    /** Twenty batches of one worker whose batches hold up to 100 items: items a batch, the time each took, capacity. */
    static Stream<Arguments> oneWorkersBatches() {
        return Stream.of(
                // Each write taking 100 ms whatever its size (a per-statement cost): 30 items a batch is what a
                // pipeline paced at 300/s sends, yet the database could take 1000/s.
                Arguments.of(
                        "a partial batch counts as the full batch it would have been in the same time", 30, 100, 1_000),
                Arguments.of(
                        "a partial batch is extrapolated at most fourfold: 10 items per 100 ms count as 40",
                        10,
                        100,
                        400),
                Arguments.of("full batches are measured, not extrapolated", 100, 250, 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneWorkersBatches")
    void measuresPartialBatchesAsTheFullBatchesTheyWouldHaveBeen(
            String behaviour, int items, long millis, double perSecond) {
        WriteCapacity estimate = new WriteCapacity(now::get, 100);
        batches(estimate, 20, items, Duration.ofMillis(millis));

        assertThat(estimate.perSecond()).as(behaviour).isCloseTo(perSecond, within(1.0));
    }

    @Test
    void partialBatchesNeverLowerTheEstimateButFullOnesDo() {
        WriteCapacity estimate = new WriteCapacity(now::get, 100);
        batches(estimate, 20, 100, Duration.ofMillis(100));
        batches(estimate, 20, 5, Duration.ofMillis(100)); // a lull: 5 items a batch, counted as 20 per 100 ms
        assertThat(estimate.perSecond()).as("after a lull").isCloseTo(1_000, within(1.0));

        batches(estimate, 20, 100, Duration.ofMillis(200)); // the database slows down under a backlog
        assertThat(estimate.perSecond())
                .as("under a backlog of a slower database")
                .isCloseTo(500, within(10.0));
    }

    @Test
    void overlappingBatchesCountTheirTimeOnce() {
        // Two workers write 500 items each over the same 200 ms: 5000/s, not 2500/s.
        for (int i = 0; i < 10; i++) {
            capacity.started();
            capacity.started();
            tick(Duration.ofMillis(200));
            capacity.committed(500);
            capacity.finished();
            capacity.committed(500);
            capacity.finished();
            tick(Duration.ofMillis(300));
        }

        assertThat(capacity.perSecond()).isCloseTo(5_000, within(1.0));
    }

    @Test
    void idleTimeNeitherCountsNorDecaysTheEstimate() {
        saturated(500, Duration.ofMillis(200), Duration.ofSeconds(3));
        double measured = capacity.perSecond();

        tick(Duration.ofHours(1));

        assertThat(capacity.perSecond()).isEqualTo(measured);
    }

    @Test
    void followsADatabaseThatSlowsDownWithinSeconds() {
        saturated(500, Duration.ofMillis(200), Duration.ofSeconds(10));

        saturated(500, Duration.ofMillis(400), Duration.ofSeconds(3)); // capacity halves to 5000/s

        assertThat(capacity.perSecond()).isCloseTo(5_000, within(500.0));
    }

    @Test
    void aBatchThatHangsPullsTheEstimateDownWhileItHangs() {
        saturated(500, Duration.ofMillis(200), Duration.ofSeconds(3));
        for (int i = 0; i < 4; i++) {
            capacity.started(); // the database stops answering
        }

        tick(Duration.ofSeconds(5));

        assertThat(capacity.perSecond()).isLessThan(1_000);
    }

    @Test
    void itemsThatWereNotCommittedDoNotCount() {
        capacity.started();
        tick(Duration.ofMillis(200));
        capacity.finished(); // dead-lettered, nothing committed

        assertThat(capacity.perSecond()).isZero();
    }

    /** Four workers back to back, batch ends spread evenly, for {@code duration}. */
    private void saturated(int items, Duration latency, Duration duration) {
        Duration step = latency.dividedBy(4);
        for (int i = 0; i < 4; i++) {
            capacity.started();
        }
        for (long t = 0; t < duration.toNanos(); t += step.toNanos()) {
            tick(step);
            capacity.committed(items);
            capacity.finished();
            capacity.started();
        }
        for (int i = 0; i < 4; i++) {
            capacity.finished();
        }
    }

    private void batch(int items, Duration latency) {
        batches(capacity, 1, items, latency);
    }

    /** {@code count} batches one after the other, each committing {@code items} after {@code latency}. */
    private void batches(WriteCapacity estimate, int count, int items, Duration latency) {
        for (int i = 0; i < count; i++) {
            estimate.started();
            tick(latency);
            estimate.committed(items);
            estimate.finished();
        }
    }

    private void tick(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}

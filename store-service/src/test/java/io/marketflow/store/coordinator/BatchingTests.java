package io.marketflow.store.coordinator;

import static io.marketflow.store.coordinator.TestConfigs.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingTests {

    private final FakeSink sink = new FakeSink();
    private WriteCoordinator<Integer> coordinator;

    @AfterEach
    void shutDown() {
        coordinator.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void writesAFullBatchAtOnceEvenWithAnHourLongFlushInterval() throws Exception {
        assertWrittenAtOnceAsOneBatch(10, 10);
    }

    @Test
    void writesAPartBatchAtOnceWhenAWorkerIsFreeEvenWithAnHourLongFlushInterval() throws Exception {
        assertWrittenAtOnceAsOneBatch(100, 5);
    }

    @Test
    void fillsWholeBatchesFromWhatPiledUpWhileEveryWorkerWasBusy() throws Exception {
        sink.hangAfter(0);
        start(TestConfigs.builder(1000)
                .workers(1)
                .batching(50, Duration.ofHours(1))
                .build());
        coordinator.submitMany(range(0, 10), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.calls.get() == 1);

        for (int from = 10; from < 210; from += 10) {
            coordinator.submitMany(range(from, from + 10), false);
        }
        sink.release();

        assertThat(coordinator.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.batches).extracting(List::size).containsExactly(10, 50, 50, 50, 50);
        assertThat(sink.written()).isEqualTo(range(0, 210));
    }

    @Test
    void cutsHeavyLoadIntoFullBatches() throws Exception {
        start(TestConfigs.builder(1000)
                .workers(3)
                .batching(50, Duration.ofHours(1))
                .build());

        coordinator.submitMany(range(0, 1000), false);

        assertThat(coordinator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(sink.batches)
                .hasSize(20)
                .allSatisfy(batch -> assertThat(batch).hasSize(50));
        assertThat(sink.written()).containsExactlyInAnyOrderElementsOf(range(0, 1000));
    }

    @Test
    void keepsEachRequestTogetherAndInOrderWithinABatch() throws Exception {
        start(TestConfigs.builder(100).batching(100, Duration.ofMillis(50)).build());

        coordinator.submitMany(range(0, 30), false);
        coordinator.submitMany(range(30, 60), false);

        assertThat(coordinator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(sink.written()).isEqualTo(range(0, 60));
    }

    /** The flush interval is an hour, so only a free worker, never the timer, can cut the batch. */
    private void assertWrittenAtOnceAsOneBatch(int batchSize, int items) throws Exception {
        start(TestConfigs.builder(100).batching(batchSize, Duration.ofHours(1)).build());

        coordinator.submitMany(range(0, items), false);

        await().atMost(Duration.ofSeconds(10)).until(() -> sink.batches.size() == 1);
        assertThat(sink.batches.get(0)).isEqualTo(range(0, items));
    }

    private void start(CoordinatorConfig config) {
        coordinator = new WriteCoordinator<>(
                config, sink, FakeSink::isTransient, new FakeDeadLetters(), CoordinatorListener.NONE);
        coordinator.start();
    }
}

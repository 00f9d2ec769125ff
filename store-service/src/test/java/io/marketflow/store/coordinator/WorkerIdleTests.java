package io.marketflow.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each worker writes through its own {@link BatchSink#forOneWorker()} sink, and tells it when it has nothing to
 * write: only once the queue is empty (never between batches while more are queued), and when it stops. A sink
 * that keeps a database connection between batches lets go of it then.
 */
class WorkerIdleTests {

    /** What one worker's sink was told, in order: "write" per batch, "idle" per {@link BatchSink#idle()}. */
    static final class EventSink implements BatchSink<Integer> {

        final List<List<String>> workers = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger written = new AtomicInteger();

        @Override
        public void write(List<Integer> batch) {
            throw new AssertionError("the coordinator writes through each worker's own sink");
        }

        @Override
        public BatchSink<Integer> forOneWorker() {
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            workers.add(events);
            return new BatchSink<>() {
                @Override
                public void write(List<Integer> batch) {
                    written.addAndGet(batch.size());
                    events.add("write");
                }

                @Override
                public void idle() {
                    events.add("idle");
                }

                @Override
                public String name() {
                    return "events";
                }
            };
        }

        @Override
        public String name() {
            return "events";
        }
    }

    private final EventSink sink = new EventSink();

    private WriteCoordinator<Integer> coordinator(int workers) {
        return new WriteCoordinator<>(
                TestConfigs.builder(100)
                        .workers(workers)
                        .batching(2, Duration.ofMillis(20))
                        .build(),
                sink,
                error -> true,
                (items, reason, attempts) -> {},
                CoordinatorListener.NONE);
    }

    @Test
    void aWorkerGoesIdleOnlyOnceTheQueueIsEmptyAndAgainWhenItStops() throws Exception {
        WriteCoordinator<Integer> coordinator = coordinator(1);
        coordinator.submitMany(TestConfigs.range(0, 6), false); // three batches queued before the worker starts
        coordinator.start();
        assertThat(coordinator.awaitIdle(Duration.ofSeconds(10))).isTrue();
        List<String> events = sink.workers.get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 4);

        assertThat(events).containsExactly("write", "write", "write", "idle");

        coordinator.shutdown(Duration.ofSeconds(5));
        assertThat(events).last().isEqualTo("idle");
    }

    @Test
    void everyWorkerHasItsOwnSinkAndEndsIdle() throws Exception {
        WriteCoordinator<Integer> coordinator = coordinator(3);
        coordinator.start();
        coordinator.submitMany(TestConfigs.range(0, 40), false);
        assertThat(coordinator.awaitIdle(Duration.ofSeconds(10))).isTrue();

        coordinator.shutdown(Duration.ofSeconds(5));

        assertThat(sink.written).hasValue(40);
        assertThat(sink.workers).hasSize(3);
        for (List<String> events : sink.workers) {
            assertThat(events).last().isEqualTo("idle");
        }
    }
}

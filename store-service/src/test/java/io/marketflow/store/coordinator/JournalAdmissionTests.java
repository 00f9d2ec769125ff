package io.marketflow.store.coordinator;

import static io.marketflow.store.coordinator.TestConfigs.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The coordinator's side of the journal: record before queueing, settle as items are written, refuse cleanly. */
class JournalAdmissionTests {

    private final FakeSink sink = new FakeSink();
    private final FakeDeadLetters deadLetters = new FakeDeadLetters();
    private final RecordingJournal journal = new RecordingJournal();
    private WriteCoordinator<Integer> coordinator;

    @AfterEach
    void shutDown() {
        if (coordinator != null) {
            coordinator.shutdown(Duration.ofSeconds(5));
        }
    }

    private WriteCoordinator<Integer> coordinator(int capacity) {
        return new WriteCoordinator<>(
                TestConfigs.config(capacity),
                sink,
                FakeSink::isTransient,
                deadLetters,
                CoordinatorListener.NONE,
                System::nanoTime,
                journal);
    }

    @Test
    void everyRequestIsRecordedBeforeItIsQueuedAndSettledOnceWritten() throws Exception {
        coordinator = coordinator(100);
        coordinator.submitMany(range(0, 25), false);
        coordinator.submitMany(range(25, 30), false);
        assertThat(journal.recorded).containsExactly(range(0, 25), range(25, 30));
        assertThat(journal.unsettled()).isEqualTo(30);

        coordinator.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> journal.unsettled() == 0);
        assertThat(sink.written()).hasSize(30);
        assertThat(journal.refused.get()).isZero();
    }

    @Test
    void deadLetteredItemsAreSettledToo() throws Exception {
        coordinator = coordinator(100);
        sink.reject(3);
        coordinator.start();
        coordinator.submitMany(range(0, 5), true).committed().get();

        assertThat(deadLetters.items()).containsExactly(3);
        assertThat(journal.unsettled()).isZero();
    }

    @Test
    void aRequestTheQueueRefusesIsMarkedRefusedInTheJournal() throws Exception {
        coordinator = coordinator(10);
        coordinator.submitMany(range(0, 10), false);

        assertThatThrownBy(() -> coordinator.submitMany(range(10, 12), false)).isInstanceOf(QueueFullException.class);
        assertThat(journal.refused.get()).isEqualTo(1);
    }

    @Test
    void aJournalThatCannotWriteRefusesTheRequestAndNothingIsQueued() {
        coordinator = coordinator(10);
        journal.failing.set(true);

        assertThatThrownBy(() -> coordinator.submitMany(range(0, 3), false))
                .isInstanceOf(JournalUnavailableException.class)
                .hasMessageContaining("No space left on device");
        assertThat(coordinator.health().queueSize()).isZero();
    }

    /** Keeps what it is asked to record, and counts what is settled. */
    static final class RecordingJournal implements AdmissionJournal<Integer> {

        final List<List<Integer>> recorded = new CopyOnWriteArrayList<>();
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public Receipt record(List<Integer> items) {
            if (failing.get()) {
                throw new JournalUnavailableException(
                        "the store cannot write its journal (No space left on device)", Duration.ofSeconds(10), null);
            }
            recorded.add(List.copyOf(items));
            outstanding.addAndGet(items.size());
            AtomicInteger mine = new AtomicInteger(items.size());
            return new Receipt() {
                @Override
                public void settled(int count) {
                    if (mine.addAndGet(-count) < 0) {
                        throw new IllegalStateException("settled more items than the request had");
                    }
                    outstanding.addAndGet(-count);
                }

                @Override
                public void refused() {
                    refused.incrementAndGet();
                    outstanding.addAndGet(-mine.getAndSet(0));
                }
            };
        }

        int unsettled() {
            return outstanding.get();
        }
    }
}

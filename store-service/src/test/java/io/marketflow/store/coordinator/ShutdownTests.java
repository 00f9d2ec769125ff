package io.marketflow.store.coordinator;

import static io.marketflow.store.coordinator.TestConfigs.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShutdownTests {

    private final FakeSink sink = new FakeSink();
    private final FakeDeadLetters deadLetters = new FakeDeadLetters();

    @AfterEach
    void releaseStuckWrites() {
        sink.release();
    }

    @Test
    void drainsEverythingQueuedWithoutWaitingForFullBatches() throws Exception {
        WriteCoordinator<Integer> coordinator = coordinator(TestConfigs.builder(100)
                .workers(2)
                .batching(30, Duration.ofHours(1))
                .build());
        coordinator.start();
        coordinator.submitMany(range(0, 50), false);

        ShutdownReport report = coordinator.shutdown(Duration.ofSeconds(5));

        assertThat(report.drained()).isTrue();
        assertThat(report.took()).isLessThan(Duration.ofSeconds(5));
        assertThat(report.deadLetteredAtDeadline()).isZero();
        assertThat(report.submitted()).isEqualTo(50);
        assertThat(report.written()).isEqualTo(50);
        assertThat(sink.written()).containsExactlyInAnyOrderElementsOf(range(0, 50));
        assertThat(deadLetters.entries).isEmpty();
        assertThat(coordinator.health().workersAlive()).isZero();
    }

    @Test
    void deadLettersEverythingUnwrittenWhenTheSinkIsStuckAtTheDeadline() throws Exception {
        ManualNanoTime time = new ManualNanoTime();
        WriteCoordinator<Integer> coordinator = new WriteCoordinator<>(
                TestConfigs.builder(100)
                        .workers(2)
                        .batching(10, Duration.ofMillis(10))
                        .build(),
                sink,
                FakeSink::isTransient,
                deadLetters,
                CoordinatorListener.NONE,
                time);
        sink.hangAfter(1);
        coordinator.start();
        Admission admission = coordinator.submitMany(range(0, 45), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.batches.size() == 1 && sink.calls.get() == 3);

        // Both workers are stuck in the sink, so only the shutdown reads the time: it waits for the deadline.
        CompletableFuture<ShutdownReport> stopping =
                CompletableFuture.supplyAsync(() -> coordinator.shutdown(Duration.ofMillis(300)));
        time.awaitLookedAgain(3);
        assertThat(stopping).isNotDone();
        time.advance(Duration.ofMillis(300));
        ShutdownReport report = stopping.get(30, TimeUnit.SECONDS);

        assertThat(report.drained()).isFalse();
        assertThat(report.took()).isEqualTo(Duration.ofMillis(300));
        assertThat(report.submitted()).isEqualTo(45);
        assertThat(report.written()).isEqualTo(10);
        assertThat(report.deadLettered()).isEqualTo(35);
        assertThat(report.deadLetteredAtDeadline()).isEqualTo(35);
        List<Integer> accountedFor = new ArrayList<>(sink.written());
        accountedFor.addAll(deadLetters.items());
        assertThat(accountedFor).containsExactlyInAnyOrderElementsOf(range(0, 45));
        assertThat(admission.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(10, 35));
        assertThat(deadLetters.entries)
                .allSatisfy(entry -> assertThat(entry.error()).contains("drain timeout"));
    }

    @Test
    void doesNotCountAStuckWriteTwiceWhenItFinallySucceeds() throws Exception {
        RecordingListener listener = new RecordingListener();
        WriteCoordinator<Integer> coordinator =
                new WriteCoordinator<>(TestConfigs.config(100), sink, FakeSink::isTransient, deadLetters, listener);
        sink.hangAfter(0).ignoringInterrupts();
        coordinator.start();
        Admission admission = coordinator.submitMany(range(0, 5), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.calls.get() == 1);

        ShutdownReport report = coordinator.shutdown(Duration.ofMillis(100));
        sink.release();

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.batches.size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> coordinator.health().workersAlive() == 0);
        assertThat(listener.batchesWritten).hasValue(0);
        assertThat(admission.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(0, 5));
        assertThat(report.written() + report.deadLettered()).isEqualTo(report.submitted());
        assertThat(deadLetters.items()).containsExactlyInAnyOrderElementsOf(range(0, 5));
    }

    @Test
    void deadLettersTheQueueOfACoordinatorThatNeverStarted() throws Exception {
        WriteCoordinator<Integer> coordinator = coordinator(TestConfigs.config(100));
        coordinator.submitMany(range(0, 25), false);

        ShutdownReport report = coordinator.shutdown(Duration.ofSeconds(5));

        assertThat(report.drained()).isFalse();
        assertThat(report.deadLetteredAtDeadline()).isEqualTo(25);
        assertThat(deadLetters.items()).containsExactlyInAnyOrderElementsOf(range(0, 25));
        // Chunked like batches, so a replay re-submits requests of a sensible size.
        assertThat(deadLetters.entries).hasSize(3);
    }

    @Test
    void returnsTheSameReportWhenCalledAgain() {
        WriteCoordinator<Integer> coordinator = coordinator(TestConfigs.config(100));
        coordinator.start();

        ShutdownReport first = coordinator.shutdown(Duration.ofSeconds(1));

        assertThat(coordinator.shutdown(Duration.ofSeconds(1))).isSameAs(first);
    }

    private WriteCoordinator<Integer> coordinator(CoordinatorConfig config) {
        return new WriteCoordinator<>(config, sink, FakeSink::isTransient, deadLetters, CoordinatorListener.NONE);
    }
}

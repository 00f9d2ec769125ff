package io.marketflow.store.coordinator;

import static io.marketflow.store.coordinator.TestConfigs.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Retries of transient failures and isolation of rows the database rejects. */
class FailureHandlingTests extends ManualTimeCoordinatorTests {

    @Test
    void retriesATransientFailureUntilTheWriteSucceeds() throws Exception {
        start(TestConfigs.config(100));
        sink.failTransiently(2);

        Admission admission = coordinator.submitMany(range(0, 10), true);

        assertThat(admission.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(10, 0));
        assertThat(sink.calls).hasValue(3);
        assertThat(listener.retries).hasValue(2);
        assertThat(listener.transientErrors).hasValue(2);
        assertThat(deadLetters.entries).isEmpty();
    }

    @Test
    void triesATransientFailureAtMostMaxAttemptsTimesInARound() throws Exception {
        // The breaker opens exactly when the round is exhausted, and the time never moves: no second round.
        coordinator = onManualTime(TestConfigs.builder(100)
                .breaker(new CoordinatorConfig.BreakerSettings(3, Duration.ofSeconds(60)))
                .build());
        coordinator.start();
        sink.down(true);

        coordinator.submitMany(range(0, 10), false);

        await().atMost(Duration.ofSeconds(30)).until(() -> coordinator.health().circuitState() == CircuitState.OPEN);
        time.awaitLookedAgain(10);
        assertThat(sink.calls).hasValue(3);
        assertThat(listener.retries).hasValue(2);
        assertThat(deadLetters.entries).isEmpty();
    }

    @Test
    void keepsTheBatchAfterAnExhaustedRoundAndTriesAgainLater() throws Exception {
        // maxAttempts 3, rounds 5 ms apart (maxBackoff); the breaker threshold is out of reach.
        start(TestConfigs.config(100));
        sink.down(true);

        Admission admission = coordinator.submitMany(range(0, 10), true);

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.transientErrors.get() >= 7);
        assertThat(deadLetters.entries).isEmpty();
        assertThat(admission.committed()).isNotDone();

        sink.down(false);

        assertThat(admission.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(10, 0));
        assertThat(deadLetters.entries).isEmpty();
    }

    @Test
    void doesNotRetryADataError() throws Exception {
        start(TestConfigs.config(100));
        sink.reject(7);

        Admission admission = coordinator.submit(7, true);

        assertThat(admission.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(0, 1));
        assertThat(sink.calls).hasValue(1);
        assertThat(listener.retries).hasValue(0);
        assertThat(listener.dataErrors).hasValue(1);
        assertThat(deadLetters.entries)
                .containsExactly(
                        new FakeDeadLetters.Entry(List.of(7), "value 7 violates check constraint \"positive\"", 1));
    }

    @Test
    void isolatesTheBadRowsOfABatchAndWritesTheRest() throws Exception {
        start(TestConfigs.builder(100).batching(100, Duration.ofHours(1)).build());
        sink.reject(17, 71);

        Admission admission = coordinator.submitMany(range(0, 100), true);

        assertThat(admission.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(98, 2));
        List<Integer> good = new ArrayList<>(range(0, 100));
        good.removeAll(List.of(17, 71));
        assertThat(sink.written()).containsExactlyInAnyOrderElementsOf(good);
        assertThat(deadLetters.entries)
                .containsExactlyInAnyOrder(
                        new FakeDeadLetters.Entry(List.of(17), "value 17 violates check constraint \"positive\"", 1),
                        new FakeDeadLetters.Entry(List.of(71), "value 71 violates check constraint \"positive\"", 1));
        // Halving finds each bad row in about log2(100) steps, not 100 single-row writes.
        assertThat(sink.calls.get()).isLessThan(40);
    }

    @Test
    void retriesATransientFailureThatHitsInTheMiddleOfIsolation() throws Exception {
        start(TestConfigs.builder(100).batching(20, Duration.ofHours(1)).build());
        sink.reject(3).failTransientlyOnCall(2); // call 1: the whole batch; call 2: its first half

        Admission admission = coordinator.submitMany(range(0, 20), true);

        assertThat(admission.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(19, 1));
        assertThat(listener.retries).hasValue(1);
        assertThat(deadLetters.items()).containsExactly(3);
        assertThat(sink.written())
                .containsExactlyInAnyOrderElementsOf(
                        range(0, 20).stream().filter(i -> i != 3).toList());
    }

    @Test
    void aThrowingListenerDoesNotStopTheCoordinator() throws Exception {
        CoordinatorListener hostile = new CoordinatorListener() {
            @Override
            public void onSubmitted(int items) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onBatchWritten(int items, long nanos) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onLevelChange(
                    io.marketflow.contracts.BackpressureLevel from,
                    io.marketflow.contracts.BackpressureLevel to,
                    int queueSize) {
                throw new IllegalStateException("listener bug");
            }
        };
        coordinator = new WriteCoordinator<>(TestConfigs.config(10), sink, FakeSink::isTransient, deadLetters, hostile);
        coordinator.start();

        Admission admission = coordinator.submitMany(range(0, 9), true);

        assertThat(admission.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(9, 0));
    }

    private void start(CoordinatorConfig config) {
        coordinator = new WriteCoordinator<>(config, sink, FakeSink::isTransient, deadLetters, listener);
        coordinator.start();
    }
}

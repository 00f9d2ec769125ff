package io.marketflow.store.coordinator;

import static io.marketflow.store.coordinator.TestConfigs.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CircuitBreakerTests extends ManualTimeCoordinatorTests {

    CircuitBreakerTests() {
        // Retries never exhaust a round before the breaker opens: 3 consecutive failures open it.
        coordinator = onManualTime(TestConfigs.builder(100)
                .workers(2)
                .batching(10, Duration.ofMillis(10))
                .watermarks(40, 20)
                .retry(new CoordinatorConfig.RetrySettings(5, Duration.ofMillis(1), Duration.ofMillis(2), 2.0, true))
                .breaker(new CoordinatorConfig.BreakerSettings(3, Duration.ofSeconds(60)))
                .build());
    }

    @Test
    void opensAfterConsecutiveTransientFailuresKeepsItemsQueuedAndClosesAfterASuccessfulProbe() throws Exception {
        Admission first = openTheCircuitWithTenItems();
        assertThat(sink.calls).hasValue(3);

        Admission second = coordinator.submitMany(range(10, 60), true);

        // Open until the half-open delay (60 s) has passed: the workers look at the time again and write nothing,
        // dead-letter nothing; the queue keeps the items and the level says so.
        time.advance(Duration.ofSeconds(59));
        time.awaitLookedAgain(10);
        assertThat(sink.calls).hasValue(3);
        assertThat(coordinator.health().queueSize()).isEqualTo(50);
        assertThat(coordinator.level()).isEqualTo(BackpressureLevel.HARD);
        assertThat(deadLetters.entries).isEmpty();

        sink.down(false);
        time.advance(Duration.ofSeconds(2));

        assertThat(first.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(10, 0));
        assertThat(second.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(50, 0));
        assertThat(coordinator.health().circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(sink.written()).containsExactlyInAnyOrderElementsOf(range(0, 60));
        assertThat(deadLetters.entries).isEmpty();
        // Usually closed->open->half_open->closed; a probe by another worker may fold half_open away.
        assertThat(listener.circuit).first().isEqualTo("closed->open");
        assertThat(listener.circuit).last().asString().endsWith("->closed");
        for (int i = 1; i < listener.circuit.size(); i++) {
            String previousTo = listener.circuit.get(i - 1).split("->")[1];
            assertThat(listener.circuit.get(i)).startsWith(previousTo + "->");
        }
    }

    @Test
    void reopensWhenTheProbeFails() throws Exception {
        Admission admission = openTheCircuitWithTenItems();

        time.advance(Duration.ofSeconds(61));

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.circuit.size() == 3);
        assertThat(listener.circuit).containsExactly("closed->open", "open->half_open", "half_open->open");
        assertThat(sink.calls).hasValue(4);
        assertThat(admission.committed()).isNotDone();
        assertThat(deadLetters.entries).isEmpty();
    }

    @Test
    void aDataErrorDoesNotCountAsABreakerFailure() throws Exception {
        coordinator.start();
        sink.reject(1, 2, 3, 4, 5);

        Admission admission = coordinator.submitMany(range(1, 6), true);

        assertThat(admission.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(0, 5));
        assertThat(coordinator.health().circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(listener.circuit).isEmpty();
    }

    @Test
    void deadLettersWhatTheOpenBreakerKeptWhenShutdownTimesOut() throws Exception {
        Admission first = openTheCircuitWithTenItems();
        Admission second = coordinator.submitMany(range(10, 30), true);

        ShutdownReport report = time.shutdown(coordinator, Duration.ofMillis(200));

        assertThat(report.drained()).isFalse();
        assertThat(report.deadLetteredAtDeadline()).isEqualTo(30);
        assertThat(deadLetters.items()).containsExactlyInAnyOrderElementsOf(range(0, 30));
        assertThat(first.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(0, 10));
        assertThat(second.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(0, 20));
    }

    /** Starts with the database down and submits items 0..9: three failed writes open the circuit. */
    private Admission openTheCircuitWithTenItems() throws InterruptedException {
        coordinator.start();
        sink.down(true);
        Admission admission = coordinator.submitMany(range(0, 10), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> coordinator.health().circuitState() == CircuitState.OPEN);
        return admission;
    }
}

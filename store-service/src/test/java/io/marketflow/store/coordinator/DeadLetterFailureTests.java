package io.marketflow.store.coordinator;

import static io.marketflow.store.coordinator.TestConfigs.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A dead-letter queue that refuses records (disk full, directory gone): what it refused stays in memory, nothing
 * new is admitted, and once it takes records again everything held is parked and admission resumes.
 */
class DeadLetterFailureTests {

    private final FakeSink sink = new FakeSink();
    private final FakeDeadLetters deadLetters = new FakeDeadLetters().failing(true);
    private WriteCoordinator<Integer> coordinator;

    @AfterEach
    void shutDown() {
        coordinator.shutdown(Duration.ofMillis(500));
    }

    private void start(CoordinatorConfig config) {
        coordinator = new WriteCoordinator<>(config, sink, FakeSink::isTransient, deadLetters, null);
        coordinator.start();
    }

    @Test
    void refusedItemsAreHeldNotLostAndTheirRequestIsNotAcknowledged() throws Exception {
        start(TestConfigs.config(100));
        sink.reject(7);

        Admission admission = coordinator.submitMany(range(0, 10), true);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> coordinator.heldDeadLetters().items() == 1
                        && sink.written().size() == 9);
        assertThat(coordinator.heldDeadLetters().failure()).contains("No space left on device");
        assertThat(admission.committed())
                .as("not acknowledged while item 7 is nowhere durable")
                .isNotDone();
    }

    @Test
    void admitsNothingWhileTheDeadLetterQueueFails() throws Exception {
        start(TestConfigs.config(100));
        sink.reject(7);
        coordinator.submitMany(range(0, 10), false);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> coordinator.heldDeadLetters().failure() != null);

        assertThatThrownBy(() -> coordinator.submitMany(range(10, 12), false))
                .isInstanceOf(DeadLetterUnavailableException.class)
                .hasMessageContaining("No space left on device");
        assertThat(coordinator.health().queueSize()).isZero();
    }

    @Test
    void retryParksTheHeldItemsInOrderAndAdmissionResumes() throws Exception {
        start(TestConfigs.builder(100).batching(10, Duration.ofHours(1)).build());
        sink.reject(3, 15);
        Admission first = coordinator.submitMany(range(0, 10), true);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> coordinator.heldDeadLetters().items() == 1);
        Admission second = coordinator.submitMany(List.of(), true); // empty requests are not work
        assertThat(second.accepted()).isZero();

        assertThat(coordinator.heldDeadLetters().retry()).as("still failing").isFalse();
        deadLetters.failing(false);
        assertThat(coordinator.heldDeadLetters().retry()).isTrue();

        assertThat(coordinator.heldDeadLetters().failure()).isNull();
        assertThat(coordinator.heldDeadLetters().items()).isZero();
        assertThat(deadLetters.items()).containsExactly(3);
        assertThat(first.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(9, 1));
        Admission third = coordinator.submitMany(range(10, 20), true);
        assertThat(third.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(9, 1));
    }

    @Test
    void laterRefusalsWaitBehindTheHeldOnesWithoutAnotherTry() throws Exception {
        start(TestConfigs.builder(100).batching(10, Duration.ofHours(1)).build());
        sink.reject(1, 12);

        coordinator.submitMany(range(0, 20), false); // two batches, both queued before the first refusal
        await().atMost(Duration.ofSeconds(10))
                .until(() -> coordinator.heldDeadLetters().items() == 2);

        assertThat(deadLetters.refused).as("only the first parcel was tried").hasValue(3);
        deadLetters.failing(false);
        assertThat(coordinator.heldDeadLetters().retry()).isTrue();
        assertThat(deadLetters.items()).containsExactly(1, 12);
    }

    @Test
    void shutdownGivesUpOnHeldItemsOnlyAfterALastTryAndCountsThemLost() throws Exception {
        Admission admission = holdOneRefusedItem();

        ShutdownReport report = coordinator.shutdown(Duration.ofSeconds(2));

        assertThat(report.lost()).isEqualTo(1);
        assertThat(admission.committed()).isCompletedExceptionally();
    }

    @Test
    void shutdownParksHeldItemsWhenTheDeadLetterQueueRecoveredMeanwhile() throws Exception {
        Admission admission = holdOneRefusedItem();
        deadLetters.failing(false);

        ShutdownReport report = coordinator.shutdown(Duration.ofSeconds(2));

        assertThat(report.lost()).isZero();
        assertThat(deadLetters.items()).containsExactly(4);
        assertThat(admission.committed().get(1, TimeUnit.SECONDS)).isEqualTo(new CommitResult(9, 1));
    }

    /** Ten items in one request, item 4 rejected by the sink and refused by the dead-letter queue. */
    private Admission holdOneRefusedItem() throws InterruptedException {
        start(TestConfigs.config(100));
        sink.reject(4);
        Admission admission = coordinator.submitMany(range(0, 10), true);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> coordinator.heldDeadLetters().items() == 1);
        return admission;
    }
}

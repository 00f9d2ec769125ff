package io.marketflow.store.coordinator;

import static io.marketflow.store.coordinator.TestConfigs.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommitTrackingTests {

    private final FakeSink sink = new FakeSink();
    private final WriteCoordinator<Integer> coordinator = new WriteCoordinator<>(
            TestConfigs.builder(100)
                    .workers(2)
                    .batching(7, Duration.ofMillis(10))
                    .build(),
            sink,
            FakeSink::isTransient,
            new FakeDeadLetters(),
            CoordinatorListener.NONE);

    @AfterEach
    void shutDown() {
        coordinator.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void completesWithTheRequestsOwnCountsWhenItsItemsSpanSeveralBatches() throws Exception {
        coordinator.start();
        sink.reject(4, 33);

        Admission untracked = coordinator.submitMany(range(0, 20), false);
        Admission tracked = coordinator.submitMany(range(20, 50), true);

        assertThat(untracked.accepted()).isEqualTo(20);
        assertThat(untracked.committed()).isNull();
        assertThat(tracked.accepted()).isEqualTo(30);
        assertThat(tracked.committed().get(30, TimeUnit.SECONDS)).isEqualTo(new CommitResult(29, 1));
    }

    @Test
    void completesAnEmptyRequestAtOnce() throws Exception {
        Admission admission = coordinator.submitMany(java.util.List.of(), true);

        assertThat(admission.accepted()).isZero();
        assertThat(admission.committed()).isCompletedWithValue(new CommitResult(0, 0));
    }

    @Test
    void reportsHealth() throws Exception {
        coordinator.submitMany(range(0, 85), false);

        CoordinatorHealth beforeStart = coordinator.health();
        assertThat(beforeStart)
                .isEqualTo(new CoordinatorHealth(
                        "test-coord", 0, 2, 85, 100, BackpressureLevel.HARD, CircuitState.CLOSED));

        coordinator.start();
        assertThat(coordinator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        CoordinatorHealth idle = coordinator.health();
        assertThat(idle.workersAlive()).isEqualTo(2);
        assertThat(idle.queueSize()).isZero();
        assertThat(idle.level()).isEqualTo(BackpressureLevel.OK);
    }
}

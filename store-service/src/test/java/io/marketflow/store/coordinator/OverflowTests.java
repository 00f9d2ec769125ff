package io.marketflow.store.coordinator;

import static io.marketflow.store.coordinator.TestConfigs.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Full-queue behaviour. Workers are not started until a test wants the queue to drain. */
class OverflowTests extends ManualTimeCoordinatorTests {

    @Test
    void blockWaitsForTheEnqueueTimeoutThenGivesUp() throws Exception {
        CompletableFuture<Admission> waiting = blockedProducer(Duration.ofMillis(300));
        time.advance(Duration.ofMillis(299));
        time.awaitLookedAgain(2);
        assertThat(waiting).isNotDone();
        time.advance(Duration.ofMillis(1));

        assertThatThrownBy(waiting::join).cause().isInstanceOfSatisfying(QueueFullException.class, e -> {
            assertThat(e.timedOut()).isTrue();
            assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        });
        assertThat(coordinator.health().queueSize()).isEqualTo(10);
    }

    @Test
    void blockAdmitsOnceWorkersMakeRoom() throws Exception {
        coordinator = coordinator(OverflowStrategy.BLOCK, Duration.ofSeconds(30));
        coordinator.submitMany(range(0, 10), false);

        CompletableFuture<Admission> waiting = submitLater(10, 11, 12);
        time.awaitLookedAgain(3);
        assertThat(waiting).isNotDone();

        coordinator.start();

        assertThat(waiting.get().accepted()).isEqualTo(3);
        assertThat(coordinator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(sink.written()).containsExactlyInAnyOrderElementsOf(range(0, 13));
    }

    @Test
    void errorRejectsAtOnceWithoutAdmittingAnything() throws Exception {
        coordinator = coordinator(OverflowStrategy.ERROR, Duration.ofSeconds(30));
        coordinator.submitMany(range(0, 8), false);

        long started = System.nanoTime();
        assertThatThrownBy(() -> coordinator.submitMany(range(8, 13), false))
                .isInstanceOfSatisfying(QueueFullException.class, e -> {
                    assertThat(e.timedOut()).isFalse();
                    assertThat(e.getMessage()).contains("5 items requested, 2 free");
                    assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(coordinator.health().queueSize()).isEqualTo(8);

        coordinator.start();
        assertThat(coordinator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(sink.written()).containsExactlyInAnyOrderElementsOf(range(0, 8));
    }

    @Test
    void dropOldestDeadLettersTheOldestItemsBeforeAdmitting() throws Exception {
        coordinator = coordinator(OverflowStrategy.DROP_OLDEST, Duration.ZERO);
        coordinator.submitMany(range(0, 10), false);

        Admission admission = coordinator.submitMany(range(10, 13), false);

        // Already durable when submitMany returns, not eventually.
        assertThat(deadLetters.items()).containsExactly(0, 1, 2);
        assertThat(deadLetters.entries.get(0).error()).contains("drop_oldest");
        assertThat(admission.accepted()).isEqualTo(3);
        assertThat(listener.dropped).hasValue(3);
        assertThat(coordinator.health().queueSize()).isEqualTo(10);

        coordinator.start();
        assertThat(coordinator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(sink.written()).containsExactlyInAnyOrderElementsOf(range(3, 13));
    }

    @Test
    void refusesARequestLargerThanTheQueue() {
        coordinator = coordinator(OverflowStrategy.DROP_OLDEST, Duration.ZERO);

        assertThatThrownBy(() -> coordinator.submitMany(range(0, 11), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11 items exceeds the capacity (10)");
        assertThat(coordinator.health().queueSize()).isZero();
    }

    @Test
    void admitsNothingOfARequestThatContainsNull() {
        coordinator = coordinator(OverflowStrategy.ERROR, Duration.ZERO);
        List<Integer> withNull = new ArrayList<>(Arrays.asList(1, null, 3));

        assertThatThrownBy(() -> coordinator.submitMany(withNull, false)).isInstanceOf(NullPointerException.class);
        assertThat(coordinator.health().queueSize()).isZero();
    }

    @Test
    void refusesSubmissionsOnceShutdownHasBegun() throws Exception {
        coordinator = coordinator(OverflowStrategy.BLOCK, Duration.ofSeconds(1));
        coordinator.start();
        coordinator.shutdown(Duration.ofSeconds(5));

        assertThatThrownBy(() -> coordinator.submit(1, false)).isInstanceOf(CoordinatorClosedException.class);
    }

    @Test
    void releasesABlockedProducerWhenShutdownBegins() throws Exception {
        CompletableFuture<Admission> waiting = blockedProducer(Duration.ofSeconds(30));
        assertThat(waiting).isNotDone();

        time.shutdown(coordinator, Duration.ZERO);

        await().atMost(Duration.ofSeconds(30)).until(waiting::isDone);
        assertThat(waiting).isCompletedExceptionally();
        assertThatThrownBy(waiting::join).hasCauseInstanceOf(CoordinatorClosedException.class);
    }

    private WriteCoordinator<Integer> coordinator(OverflowStrategy strategy, Duration enqueueTimeout) {
        CoordinatorConfig config =
                TestConfigs.builder(10).overflow(strategy, enqueueTimeout).build();
        return onManualTime(config);
    }

    /**
     * Fills the queue of a {@code block} coordinator whose workers are not started, then submits one more item on
     * another thread; returns once that producer waits for room.
     */
    private CompletableFuture<Admission> blockedProducer(Duration enqueueTimeout) throws InterruptedException {
        coordinator = coordinator(OverflowStrategy.BLOCK, enqueueTimeout);
        coordinator.submitMany(range(0, 10), false);
        CompletableFuture<Admission> waiting = submitLater(10);
        time.awaitLookedAgain(3);
        return waiting;
    }

    /** Submits {@code items} as one request on another thread; a full queue with {@code block} makes it wait. */
    private CompletableFuture<Admission> submitLater(Integer... items) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return coordinator.submitMany(List.of(items), false);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}

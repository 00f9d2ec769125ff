package io.marketflow.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Requests that wait for room ({@code block}) are admitted whole, first come first, whatever their size. */
class AdmissionOrderTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    // capacity 10, batches of up to 3
    private final BoundedQueue<Integer> queue = new BoundedQueue<>(
            TestConfigs.builder(10).batching(3, Duration.ofHours(1)).build(),
            now::get,
            new DrainRate(now::get),
            CoordinatorListener.NONE);

    @Test
    void aLargeWaitingRequestIsNotOvertakenByASmallerOneThatWouldFitSooner() throws Exception {
        queue.offer(items(0, 8), OverflowStrategy.ERROR, 0);
        CompletableFuture<Void> large = blockedOffer(items(100, 5), Duration.ofHours(1));
        CompletableFuture<Void> small = blockedOffer(items(200, 2), Duration.ofHours(1));
        assertThat(queue.size())
                .as("two free, but the small request waits behind the large one")
                .isEqualTo(8);

        queue.takeNow(batch -> {}); // 0..2 out: 5 free, room for the large one
        large.get(30, TimeUnit.SECONDS);
        assertThat(queue.size()).isEqualTo(10);
        assertThat(small).as("no room left for the small one").isNotDone();

        queue.takeNow(batch -> {}); // 3..5 out
        small.get(30, TimeUnit.SECONDS);
        assertThat(drain()).containsExactly(6, 7, 100, 101, 102, 103, 104, 200, 201);
    }

    @Test
    void theFirstWaiterThatGivesUpPassesItsTurnOn() throws Exception {
        queue.offer(items(0, 8), OverflowStrategy.ERROR, 0);
        CompletableFuture<Void> large = blockedOffer(items(100, 5), Duration.ofSeconds(1));
        CompletableFuture<Void> small = blockedOffer(items(200, 2), Duration.ofHours(1));

        now.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThatThrownBy(large::join)
                .cause()
                .isInstanceOfSatisfying(
                        QueueFullException.class, e -> assertThat(e.timedOut()).isTrue());
        small.get(30, TimeUnit.SECONDS);
        assertThat(drain()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 200, 201);
    }

    @Test
    void closingReleasesEveryWaiterNotJustTheFirst() throws Exception {
        queue.offer(items(0, 10), OverflowStrategy.ERROR, 0);
        CompletableFuture<Void> first = blockedOffer(items(100, 1), Duration.ofHours(1));
        CompletableFuture<Void> second = blockedOffer(items(200, 1), Duration.ofHours(1));

        queue.close();

        assertThatThrownBy(first::join).hasCauseInstanceOf(CoordinatorClosedException.class);
        assertThatThrownBy(second::join).hasCauseInstanceOf(CoordinatorClosedException.class);
        assertThat(queue.size()).isEqualTo(10);
    }

    /**
     * Offers {@code request} with {@code block} on its own thread and returns once that thread waits for room (its
     * turn is then taken: it waits in line).
     */
    private CompletableFuture<Void> blockedOffer(List<QueuedItem<Integer>> request, Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread producer = new Thread(() -> {
            try {
                queue.offer(request, OverflowStrategy.BLOCK, timeout.toNanos());
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        producer.setDaemon(true);
        producer.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> done.isDone() || producer.getState() == Thread.State.TIMED_WAITING);
        assertThat(done).as("waits for room").isNotDone();
        return done;
    }

    /** Everything queued, in queue order. */
    private List<Integer> drain() {
        List<Integer> all = new ArrayList<>();
        for (QueuedItem<Integer> item : queue.drainAll()) {
            all.add(item.item());
        }
        return all;
    }

    /** {@code count} items numbered from {@code first}, each its own key. */
    private List<QueuedItem<Integer>> items(int first, int count) {
        return IntStream.range(first, first + count)
                .mapToObj(i -> new QueuedItem<>(i, null, now.get()))
                .toList();
    }
}

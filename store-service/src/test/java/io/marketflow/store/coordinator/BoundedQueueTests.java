package io.marketflow.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BoundedQueueTests {

    // capacity 10, ok <= 5 < soft < 8 <= hard; band (8 - 5) / 2 = 1: hard until <= 7, soft until <= 4; no dwell
    private final CoordinatorConfig config = TestConfigs.builder(10)
            .watermarks(8, 5)
            .batching(1, Duration.ofHours(1))
            .build();
    private final RecordingListener listener = new RecordingListener();
    private int nextKey;
    private final BoundedQueue<Integer> queue =
            new BoundedQueue<>(config, System::nanoTime, new DrainRate(System::nanoTime), listener);

    @Test
    void firesEachWatermarkOncePerCrossingNotPerItem() throws Exception {
        offerOneByOne(10);
        assertThat(listener.pressure).containsExactly("ok->soft@6", "soft->hard@8", "high@8");

        takeOneByOne(3); // 7: soft, still above low
        offerOneByOne(2); // 9: hard again, but high already fired for this excursion
        assertThat(listener.pressure)
                .containsExactly("ok->soft@6", "soft->hard@8", "high@8", "hard->soft@7", "soft->hard@8");

        listener.pressure.clear();
        takeOneByOne(5); // down to 4: ok only below the band under the low watermark
        assertThat(listener.pressure).containsExactly("hard->soft@7", "low@5", "soft->ok@4");

        listener.pressure.clear();
        offerOneByOne(4); // back to 8: a new crossing
        assertThat(listener.pressure).containsExactly("ok->soft@6", "soft->hard@8", "high@8");
    }

    @Test
    void jumpsStraightFromOkToHardWhenOneRequestCrossesBothWatermarks() throws Exception {
        queue.offer(items(9), OverflowStrategy.ERROR, 0);

        assertThat(listener.pressure).containsExactly("ok->hard@9", "high@9");
        assertThat(queue.level()).isEqualTo(BackpressureLevel.HARD);
    }

    @Test
    void deliversCallbacksOutsideTheQueueLock() throws Exception {
        List<Boolean> lockedDuringCallback = new ArrayList<>();
        AtomicReference<BoundedQueue<Integer>> holder = new AtomicReference<>();
        CoordinatorListener probe = new CoordinatorListener() {
            @Override
            public void onHighWatermark(int queueSize) {
                lockedDuringCallback.add(holder.get().lockedByCurrentThread());
            }

            @Override
            public void onLevelChange(BackpressureLevel from, BackpressureLevel to, int queueSize) {
                lockedDuringCallback.add(holder.get().lockedByCurrentThread());
            }
        };
        holder.set(new BoundedQueue<>(config, System::nanoTime, new DrainRate(System::nanoTime), probe));

        holder.get().offer(items(9), OverflowStrategy.ERROR, 0);

        assertThat(lockedDuringCallback).containsExactly(false, false);
    }

    @Test
    void reportsTheAgeOfTheOldestQueuedItem() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        BoundedQueue<Integer> timed = timedQueue(config, now, CoordinatorListener.NONE);
        assertThat(timed.queueDelayNanos()).as("empty").isZero();

        timed.offer(List.of(new QueuedItem<>(1, null, now.get())), OverflowStrategy.ERROR, 0);
        now.addAndGet(300_000_000L);
        timed.offer(List.of(new QueuedItem<>(2, null, now.get())), OverflowStrategy.ERROR, 0);
        now.addAndGet(200_000_000L);
        assertThat(timed.queueDelayNanos()).isEqualTo(500_000_000L);

        timed.takeNow(batch -> {});
        assertThat(timed.queueDelayNanos()).as("the first item left").isEqualTo(200_000_000L);
        timed.takeNow(batch -> {});
        assertThat(timed.queueDelayNanos()).isZero();
    }

    @Test
    void holdsALevelForTheMinimumDwellThenRelaxesOnTimeAlone() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        BoundedQueue<Integer> timed = timedQueue(
                config.toBuilder().minLevelDwell(Duration.ofSeconds(1)).build(), now, listener);

        timed.offer(items(9), OverflowStrategy.ERROR, 0);
        for (int i = 0; i < 9; i++) {
            timed.takeNow(batch -> {});
        }
        assertThat(timed.level()).as("emptied within the dwell").isEqualTo(BackpressureLevel.HARD);

        now.addAndGet(999_000_000L);
        assertThat(timed.refreshLevel()).isEqualTo(BackpressureLevel.HARD);
        now.addAndGet(1_000_000L);
        assertThat(timed.refreshLevel()).isEqualTo(BackpressureLevel.OK);
        assertThat(listener.pressure).containsExactly("ok->hard@9", "high@9", "low@5", "hard->ok@0");
    }

    @Test
    void handsAFreeWorkerAPartBatchAtOnceWhileTimeStandsStill() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        BoundedQueue<Integer> timed =
                timedQueue(config.toBuilder().batching(5, Duration.ofHours(1)).build(), now, listener);
        timed.offer(items(3), OverflowStrategy.ERROR, 0);

        List<QueuedItem<Integer>> batch =
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> timed.takeBatch(() -> true, taken -> {}));

        assertThat(batch).extracting(QueuedItem::item).containsExactly(0, 1, 2);
    }

    @Test
    void cutsABacklogOfSmallRequestsIntoFullBatches() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        BoundedQueue<Integer> timed =
                timedQueue(config.toBuilder().batching(4, Duration.ofHours(1)).build(), now, listener);
        for (int i = 0; i < 5; i++) {
            timed.offer(items(2), OverflowStrategy.ERROR, 0);
        }

        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<QueuedItem<Integer>> batch = timed.takeBatch(() -> true, taken -> {});
            sizes.add(batch.size());
            timed.batchDone(batch);
        }

        assertThat(sizes).containsExactly(4, 4, 2);
    }

    /** A later version of a key must not be written beside an earlier one, which could then commit last. */
    @Test
    void leavesAKeyQueuedWhileAnotherWorkerHoldsIt() throws Exception {
        BoundedQueue<Integer> batches = queueOf(4);
        batches.offer(keyed(1, 2), OverflowStrategy.ERROR, 0);
        List<QueuedItem<Integer>> first = batches.takeNow(batch -> {});
        batches.offer(keyed(3, 1, 4), OverflowStrategy.ERROR, 0);

        assertThat(batches.takeNow(batch -> {}))
                .as("stops before the held key")
                .extracting(QueuedItem::item)
                .containsExactly(3);
        assertThat(batches.takeNow(batch -> {})).as("the held key is first").isEmpty();

        batches.batchDone(first);
        assertThat(batches.takeNow(batch -> {})).extracting(QueuedItem::item).containsExactly(1, 4);
    }

    @Test
    void takesTwoVersionsOfAKeyTogetherWhenNoOtherWorkerHoldsIt() throws Exception {
        BoundedQueue<Integer> batches = queueOf(4);
        batches.offer(keyed(1, 2, 1), OverflowStrategy.ERROR, 0);

        assertThat(batches.takeNow(batch -> {})).extracting(QueuedItem::item).containsExactly(1, 2, 1);
    }

    @Test
    void aWorkerWaitingForAHeldKeyTakesItWhenTheBatchHoldingItIsDone() throws Exception {
        BoundedQueue<Integer> batches = queueOf(4);
        batches.offer(keyed(1), OverflowStrategy.ERROR, 0);
        List<QueuedItem<Integer>> first = batches.takeNow(batch -> {});
        batches.offer(keyed(1, 2), OverflowStrategy.ERROR, 0);
        AtomicReference<List<QueuedItem<Integer>>> taken = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                taken.set(batches.takeBatch(() -> true, batch -> {}));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.setDaemon(true);
        worker.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> worker.getState() == Thread.State.WAITING);
        assertThat(taken.get()).as("nothing taken while the key is held").isNull();

        batches.batchDone(first);
        worker.join(Duration.ofSeconds(30).toMillis());
        assertThat(taken.get()).extracting(QueuedItem::item).containsExactly(1, 2);
    }

    private BoundedQueue<Integer> queueOf(int batchSize) {
        return new BoundedQueue<>(
                config.toBuilder().batching(batchSize, Duration.ofHours(1)).build(),
                System::nanoTime,
                new DrainRate(System::nanoTime),
                listener);
    }

    /** One item per value, keyed by it: equal values are two versions of one key. */
    private static List<QueuedItem<Integer>> keyed(Integer... values) {
        List<QueuedItem<Integer>> items = new ArrayList<>();
        for (Integer value : values) {
            items.add(new QueuedItem<>(value, null, System.nanoTime()));
        }
        return items;
    }

    private void offerOneByOne(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            queue.offer(items(1), OverflowStrategy.ERROR, 0);
        }
    }

    private void takeOneByOne(int count) {
        for (int i = 0; i < count; i++) {
            assertThat(queue.takeNow(batch -> {})).hasSize(1);
        }
    }

    /** A queue whose clock and drain-rate window both read {@code now}, so a test moves time by hand. */
    private static BoundedQueue<Integer> timedQueue(
            CoordinatorConfig config, AtomicLong now, CoordinatorListener listener) {
        return new BoundedQueue<>(config, now::get, new DrainRate(now::get), listener);
    }

    /** {@code count} items, each with a key no other item of this test has. */
    private List<QueuedItem<Integer>> items(int count) {
        List<QueuedItem<Integer>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(new QueuedItem<>(nextKey++, null, System.nanoTime()));
        }
        return items;
    }
}

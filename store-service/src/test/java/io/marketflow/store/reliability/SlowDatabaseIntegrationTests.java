package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.InProcessStore;
import io.marketflow.store.StoreTables;
import io.marketflow.store.TestBars;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.lane.DataKind;
import io.marketflow.testkit.BarLoad;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock held on the bars table stalls every write while producers keep sending. The queue fills to its high
 * watermark and the level goes hard; then, with the {@code block} strategy, ingest waits the enqueue timeout and
 * answers 503 with Retry-After rather than holding more: the queue never exceeds its capacity and the heap does
 * not grow. Once the lock is released the queue drains and every acknowledged bar is written.
 */
class SlowDatabaseIntegrationTests {

    static final String SYMBOL = "SLOW";
    static final int CAPACITY = 2000;

    @TempDir
    Path dlq;

    @Test
    void pressureGoesHardAndIngestRefusesInsteadOfGrowingThenWritesResume() throws Exception {
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase("slow"));
        settings.put("MDS_DLQ_DIR", dlq.toString());
        settings.put("MDS_COORDINATOR_CAPACITY", Integer.toString(CAPACITY));
        settings.put("MDS_COORDINATOR_OVERFLOW_STRATEGY", "block");
        settings.put("MDS_COORDINATOR_WORKERS", "2");
        settings.put("MDS_COORDINATOR_BATCH_SIZE", "200");
        settings.put("MDS_INGEST_ENQUEUE_TIMEOUT_MS", "200");
        settings.put("MDS_METRICS_QUEUE_POLL_SEC", "0.1");
        StoreTables tables = new StoreTables(settings);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

        try (InProcessStore store = InProcessStore.start(settings)) {
            WriteCoordinator<?> bars = store.lanes().get(DataKind.BARS).coordinator();
            StoreHttp http = new StoreHttp(store.url());
            AtomicInteger largestQueue = new AtomicInteger();
            sampler.scheduleAtFixedRate(
                    () -> largestQueue.accumulateAndGet(bars.health().queueSize(), Math::max),
                    0,
                    2,
                    TimeUnit.MILLISECONDS);

            BarLoad load = TestBars.load(store, "queued", SYMBOL, 100, 2, Duration.ofMillis(10));
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= 2000);
            memory.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();

            long heapWhileLocked;
            long locked;
            Duration toHard;
            try (Connection lock = tables.connect()) {
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE bars IN ACCESS EXCLUSIVE MODE");
                locked = System.nanoTime();

                await().atMost(Duration.ofSeconds(20)).until(() -> bars.health().level() == BackpressureLevel.HARD);
                toHard = Duration.ofNanos(System.nanoTime() - locked);
                await().atMost(Duration.ofSeconds(20)).until(() -> load.answers(503) >= 20);
                long acknowledgedWhileFull = load.acknowledgedCount();
                // Refusing, not growing: for three seconds the queue stays full and the store takes nothing more.
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> bars.health().level() == BackpressureLevel.HARD
                                && load.acknowledgedCount() == acknowledgedWhileFull);
                assertThat(http.get("/actuator/health")
                                .json()
                                .at("/components/coordinator/details/bars-coord/level")
                                .asString())
                        .isEqualTo("hard");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> http.get("/actuator/prometheus")
                                .body()
                                .lines()
                                .anyMatch(line -> line.startsWith("coordinator_backpressure_hard{")
                                        && line.contains("coordinator_id=\"bars-coord\"")
                                        && line.endsWith(" 1.0")));
                memory.gc();
                heapWhileLocked = memory.getHeapMemoryUsage().getUsed();
                lock.rollback();
            }
            Duration lockHeld = Duration.ofNanos(System.nanoTime() - locked);

            long released = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> bars.health().level() != BackpressureLevel.HARD);
            Duration toRelief = Duration.ofNanos(System.nanoTime() - released);
            long afterRelief = load.acknowledgedCount();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= afterRelief + 2000);
            load.close();
            assertThat(bars.awaitIdle(Duration.ofSeconds(30))).isTrue();
            sampler.shutdownNow();

            List<Integer> written = tables.barOffsets(SYMBOL);
            assertThat(largestQueue.get()).isLessThanOrEqualTo(CAPACITY).isGreaterThanOrEqualTo(1600);
            assertThat(load.retryAfterAnswers()).isEqualTo(load.answers(503));
            assertThat(load.statuses().keySet()).containsOnly(202, 503);
            assertThat(heapWhileLocked - heapBefore)
                    .as("heap growth while refusing, bytes")
                    .isLessThan(64L << 20);
            assertThat(load.unknown()).isEmpty();
            assertThat(written).hasSameSizeAs(new HashSet<>(written));
            assertThat(new HashSet<>(written)).isEqualTo(load.acknowledged());
            assertThat(DeadLetterItems.records(dlq)).isZero();

            System.out.printf(
                    "RELIABILITY slow: lock_held=%dms to_hard=%dms largest_queue=%d capacity=%d 503s=%d"
                            + " with_retry_after=%d heap_before=%dMB heap_while_locked=%dMB to_relief_after_release=%dms"
                            + " acknowledged=%d written=%d statuses=%s%n",
                    lockHeld.toMillis(),
                    toHard.toMillis(),
                    largestQueue.get(),
                    CAPACITY,
                    load.answers(503),
                    load.retryAfterAnswers(),
                    heapBefore >> 20,
                    heapWhileLocked >> 20,
                    toRelief.toMillis(),
                    load.acknowledgedCount(),
                    written.size(),
                    load.statuses());
        } finally {
            sampler.shutdownNow();
        }
    }
}

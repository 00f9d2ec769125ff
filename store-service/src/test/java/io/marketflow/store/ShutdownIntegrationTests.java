package io.marketflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.reliability.DeadLetterItems;
import io.marketflow.testkit.BarLoad;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the store under load loses nothing it acknowledged: each bar is in the database or dead-lettered. */
class ShutdownIntegrationTests {

    @TempDir
    Path dlq;

    @Test
    void cleanShutdownDrainsTheQueueIntoTheDatabase() throws Exception {
        Map<String, String> settings = settings("drain", "30");
        try (InProcessStore store = InProcessStore.start(settings);
                BarLoad load = loadUntilAcknowledged(store, 4000)) {
            store.close(); // while the load is still running
            load.close();

            Set<Integer> acknowledged = load.acknowledged();
            List<Integer> stored = new StoreTables(settings).barOffsets("SHUT");
            assertThat(stored).containsAll(acknowledged);
            assertThat(DeadLetterItems.barOffsets(dlq, "SHUT")).isEmpty();
        }
    }

    @Test
    void whatCannotBeWrittenByTheDeadlineIsDeadLettered() throws Exception {
        Map<String, String> settings = settings("deadline", "1");
        try (InProcessStore store = InProcessStore.start(settings);
                BarLoad load = loadUntilAcknowledged(store, 2000)) {
            try (Connection lock = new StoreTables(settings).connect()) {
                // A long lock on the table: writes stall, so the drain deadline must dead-letter the rest.
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE bars IN ACCESS EXCLUSIVE MODE");
                long before = load.acknowledgedCount();
                awaitAcknowledged(load, before + 1000);
                store.close();
                load.close();
                lock.rollback();
            }

            Set<Integer> acknowledged = load.acknowledged();
            List<Integer> parked = DeadLetterItems.barOffsets(dlq, "SHUT");
            Set<Integer> durable = new HashSet<>(new StoreTables(settings).barOffsets("SHUT"));
            durable.addAll(parked);
            assertThat(parked)
                    .as("the stalled items went to the dead-letter queue")
                    .isNotEmpty();
            assertThat(durable).containsAll(acknowledged);
        }
    }

    /** {@code SHUT} bars loaded onto {@code store} (2 connections, 200 a request) until {@code count} are acknowledged. */
    private static BarLoad loadUntilAcknowledged(InProcessStore store, long count) throws InterruptedException {
        BarLoad load = TestBars.load(store, "queued", "SHUT", 200, 2, Duration.ZERO);
        try {
            awaitAcknowledged(load, count);
            return load;
        } catch (RuntimeException | Error e) {
            load.close();
            throw e;
        }
    }

    private static void awaitAcknowledged(BarLoad load, long count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= count);
    }

    private Map<String, String> settings(String prefix, String drainSeconds) {
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase(prefix));
        settings.put("MDS_DLQ_DIR", dlq.toString());
        settings.put("MDS_COORDINATOR_WORKERS", "1");
        settings.put("MDS_COORDINATOR_BATCH_SIZE", "100");
        settings.put("MDS_COORDINATOR_CAPACITY", "50000");
        settings.put("MDS_SHUTDOWN_DRAIN_TIMEOUT_SEC", drainSeconds);
        return settings;
    }
}

package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.StoreTables;
import io.marketflow.store.TestBars;
import io.marketflow.store.reliability.StoreHttp.Reply;
import io.marketflow.testkit.BarLoad;
import io.marketflow.testkit.StoreProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store as its own process, stopped by a signal while producers are sending. SIGTERM (an orchestrator stopping
 * it) drains what it acknowledged into the database before the process exits; SIGKILL (a crash) loses nothing that
 * {@code ack=committed} confirmed. What {@code ack=queued} acknowledged and had not written yet is not in the database
 * when the process dies; it is in the journal, which {@link JournalCrashIntegrationTests} replays after a restart.
 */
class ProcessSignalsIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void sigtermDrainsEveryQueuedBarBeforeTheProcessExits() throws Exception {
        String symbol = "TERM";
        Path dlq = dir.resolve("dlq");
        Map<String, String> settings = settings("sigterm", dlq);
        settings.put("MDS_COORDINATOR_CAPACITY", "20000");
        settings.put("MDS_COORDINATOR_BATCH_SIZE", "200");
        settings.put("MDS_SHUTDOWN_DRAIN_TIMEOUT_SEC", "30");
        StoreTables tables = new StoreTables(settings);

        try (StoreProcess store = StoreJvm.start(settings, dir.resolve("store.log"))) {
            BarLoad load = TestBars.load(store, "queued", symbol, 100, 2, Duration.ZERO);
            await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= 2000);
            long queuedAtSigterm;
            int exitCode;
            try (Connection lock = tables.connect()) {
                // Writes stall behind the lock while the load goes on, so the queue is full of acknowledged bars
                // when the signal arrives.
                lock.setAutoCommit(false);
                lock.createStatement().execute("LOCK TABLE bars IN ACCESS EXCLUSIVE MODE");
                long before = load.acknowledgedCount();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= before + 3000);
                queuedAtSigterm = new StoreHttp(store.url()).barsQueueSize();

                store.terminate();
                // The store stops taking requests first; only then do writes become possible again.
                await().atMost(Duration.ofSeconds(30)).until(() -> !store.isReady());
                lock.rollback();
                exitCode = store.awaitExit(Duration.ofSeconds(60));
            }
            load.close();

            Set<Integer> acknowledged = load.acknowledged();
            List<Integer> written = tables.barOffsets(symbol);
            List<Integer> parked = DeadLetterItems.barOffsets(dlq, symbol);
            Set<Integer> durable = new HashSet<>(written);
            durable.addAll(parked);

            assertThat(exitCode).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(queuedAtSigterm).isGreaterThan(0);
            assertThat(durable).containsAll(acknowledged);
            // 30 s is plenty to write what was queued once the lock is gone: nothing needed the dead-letter queue.
            assertThat(parked).isEmpty();
            assertThat(store.log()).contains("write coordinator stopped: ShutdownReport[drained=true");

            System.out.printf(
                    "RELIABILITY sigterm: acknowledged=%d queued_at_sigterm=%d written=%d dead_lettered=%d"
                            + " exit=%d statuses=%s no_answer=%d%n",
                    acknowledged.size(),
                    queuedAtSigterm,
                    written.size(),
                    parked.size(),
                    exitCode,
                    load.statuses(),
                    load.unknown().size());
        }
    }

    @Test
    void sigkillLosesNoBarThatCommittedAcknowledgedButWhatWasOnlyQueued() throws Exception {
        String symbol = "KILL";
        Path dlq = dir.resolve("dlq");
        Map<String, String> settings = settings("sigkill", dlq);
        StoreTables tables = new StoreTables(settings);

        try (StoreProcess store = StoreJvm.start(settings, dir.resolve("store.log"));
                Connection lock = tables.connect()) {
            // Fundamentals acknowledged with ack=queued but held back by a lock: in memory only when the kill comes.
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE fundamentals IN ACCESS EXCLUSIVE MODE");
            Reply queued = new StoreHttp(store.url())
                    .post(
                            "/ingest/fundamentals?ack=queued",
                            "application/json",
                            "[" + String.join(",", IngestKind.FUNDAMENTALS.distinctItems(5)) + "]");
            assertThat(queued.status()).isEqualTo(202);

            BarLoad load = TestBars.load(store, "committed", symbol, 100, 4, Duration.ZERO);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> load.confirmedWritten().size() >= 5000);

            store.kill();
            int exitCode = store.awaitExit(Duration.ofSeconds(30));
            load.close();
            // The fundamentals' upsert may already be on the server, waiting for the lock. A dead store's
            // statement must not commit later (perhaps over rows a restarted store has written since): the server
            // notices the client is gone and cancels it (client_connection_check_interval, set by the sink).
            await().atMost(Duration.ofSeconds(30)).until(() -> !waitingToWriteFundamentals(lock));
            lock.rollback();

            Set<Integer> confirmed = load.confirmedWritten();
            Set<Integer> acknowledged = load.acknowledged();
            Set<Integer> written = new HashSet<>(tables.barOffsets(symbol));
            Set<Integer> durable = new HashSet<>(written);
            durable.addAll(DeadLetterItems.barOffsets(dlq, symbol));
            Set<Integer> unknownButWritten = new HashSet<>(load.unknown());
            unknownButWritten.retainAll(written);

            assertThat(exitCode).as("exit code after SIGKILL").isEqualTo(137);
            assertThat(load.unknown())
                    .as("requests without an answer (cut off by the kill, or refused after it)")
                    .isNotEmpty();
            assertThat(written).containsAll(confirmed);
            assertThat(durable).containsAll(acknowledged);
            assertThat(tables.count("fundamentals"))
                    .as("ack=queued items still in memory at the kill")
                    .isZero();
            assertThat(DeadLetterItems.records(dlq)).isZero();

            System.out.printf(
                    "RELIABILITY sigkill: confirmed_written=%d acknowledged=%d rows=%d cut_off=%d"
                            + " cut_off_but_written=%d queued_then_lost=5 exit=%d statuses=%s%n",
                    confirmed.size(),
                    acknowledged.size(),
                    written.size(),
                    load.unknown().size(),
                    unknownButWritten.size(),
                    exitCode,
                    load.statuses());
        }
    }

    /** A new database, dead letters in {@code dlq} and two workers; a test adds what it needs. */
    private static Map<String, String> settings(String database, Path dlq) {
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase(database));
        settings.put("MDS_DLQ_DIR", dlq.toString());
        settings.put("MDS_COORDINATOR_WORKERS", "2");
        return settings;
    }

    private static boolean waitingToWriteFundamentals(Connection connection) throws SQLException {
        try (ResultSet rs = connection
                .createStatement()
                .executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query LIKE 'INSERT INTO fundamentals%'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }
}

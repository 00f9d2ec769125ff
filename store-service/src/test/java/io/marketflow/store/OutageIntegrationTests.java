package io.marketflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.devdb.EmbeddedDatabase;
import io.marketflow.store.coordinator.CoordinatorHealth;
import io.marketflow.store.lane.DataKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under load and comes back: the circuit opens, the queue holds what was accepted
 * (nothing is dumped into the dead-letter queue), and after the restart every acknowledged bar is written.
 */
class OutageIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedBarIsWrittenAfterTheDatabaseComesBack() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(0, dir.resolve("pg"), false)) {
            String database = db.createDatabase("outage");
            Map<String, String> settings = new HashMap<>(db.connectionProperties(database));
            settings.put("MDS_DLQ_DIR", dir.resolve("dlq").toString());
            settings.put("MDS_COORDINATOR_CAPACITY", "20000");
            settings.put("MDS_CB_FAILURE_THRESHOLD", "3");
            settings.put("MDS_CB_HALF_OPEN_AFTER_SEC", "0.5");
            settings.put("MDS_RETRY_MAX_ATTEMPTS", "2");
            settings.put("MDS_RETRY_INITIAL_BACKOFF_MS", "20");
            settings.put("MDS_RETRY_MAX_BACKOFF_MS", "200");
            settings.put("MDS_INGEST_ENQUEUE_TIMEOUT_MS", "100");

            try (RunningStore store = RunningStore.start(settings)) {
                LoadClient load = new LoadClient(store.url(), "queued", "OUT", 100, 2);
                await().atMost(Duration.ofSeconds(30)).until(() -> load.accepted() >= 3000);

                db.stop();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> bars(store).circuitState().equals("open"));
                long acceptedWhileOpen = load.accepted();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> load.accepted() > acceptedWhileOpen
                                && bars(store).queueSize() > 0);
                assertThat(Path.of(settings.get("MDS_DLQ_DIR")).toFile().list((d, n) -> n.endsWith(".ndjson")))
                        .as("an outage parks nothing in the dead-letter queue")
                        .isNullOrEmpty();

                db.restart();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> bars(store).circuitState().equals("closed"));
                load.close();

                Set<Integer> acknowledged = load.acceptedOffsets();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> storedOffsets(db, database).containsAll(acknowledged));
                assertThat(acknowledged).hasSize((int) load.accepted());
                assertThat(DeadLetterFiles.barOffsets(dir.resolve("dlq"), "OUT"))
                        .isEmpty();
            }
        }
    }

    private static CoordinatorHealth bars(RunningStore store) {
        return store.lanes().get(DataKind.BARS).coordinator().health();
    }

    static Set<Integer> storedOffsets(EmbeddedDatabase db, String database) throws Exception {
        Set<Integer> offsets = new HashSet<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(database), db.user(), db.password());
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT (extract(epoch FROM ts - '" + TestBars.START
                                + "'::timestamptz) / 60)::int FROM bars WHERE symbol = 'OUT'")) {
            while (rs.next()) {
                offsets.add(rs.getInt(1));
            }
        }
        return offsets;
    }
}

package io.marketflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.devdb.EmbeddedDatabase;
import io.marketflow.store.coordinator.CircuitState;
import io.marketflow.store.coordinator.CoordinatorHealth;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.reliability.DeadLetterItems;
import io.marketflow.testkit.BarLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
            settings.putAll(StoreTestDatabase.QUICK_RECOVERY);
            settings.put("MDS_INGEST_ENQUEUE_TIMEOUT_MS", "100");

            try (InProcessStore store = InProcessStore.start(settings)) {
                // Paced (2 × 100 bars every 100 ms, ~2,000 bars/s): the queue takes ~10 s to fill once writes stop,
                // so bars are still being accepted after the circuit has opened however long stopping the database
                // takes. Unpaced, a fast machine filled it while db.stop() waited for the server to exit, and
                // nothing more could be accepted "while open".
                BarLoad load = TestBars.load(store, "queued", "OUT", 100, 2, Duration.ofMillis(100));
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= 3000);

                db.stop();
                await().atMost(Duration.ofSeconds(30)).until(() -> bars(store).circuitState() == CircuitState.OPEN);
                long acceptedWhileOpen = load.acknowledgedCount();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> load.acknowledgedCount() > acceptedWhileOpen
                                && bars(store).queueSize() > 0);
                assertThat(Path.of(settings.get("MDS_DLQ_DIR")).toFile().list((d, n) -> n.endsWith(".ndjson")))
                        .as("an outage parks nothing in the dead-letter queue")
                        .isNullOrEmpty();

                db.restart();
                await().atMost(Duration.ofSeconds(60)).until(() -> bars(store).circuitState() == CircuitState.CLOSED);
                load.close();

                Set<Integer> acknowledged = load.acknowledged();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> new StoreTables(settings).barOffsets("OUT").containsAll(acknowledged));
                assertThat(acknowledged).hasSize((int) load.acknowledgedCount());
                assertThat(DeadLetterItems.barOffsets(dir.resolve("dlq"), "OUT"))
                        .isEmpty();
            }
        }
    }

    private static CoordinatorHealth bars(InProcessStore store) {
        return store.lanes().get(DataKind.BARS).coordinator().health();
    }
}

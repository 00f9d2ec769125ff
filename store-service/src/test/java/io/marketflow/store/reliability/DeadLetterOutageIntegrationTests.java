package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.InProcessStore;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.lane.DataKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter directory stops being writable while the store runs (here it is replaced by a regular file,
 * which fails every write even for root, as a full disk or a lost mount would). A row the database refuses must
 * then stay in memory, not be dropped; the store refuses new work with 503 + Retry-After and reports not ready,
 * with the reason, while liveness stays up so that no restart throws the held row away. Once the directory is
 * back the row is parked and the store takes work again.
 */
class DeadLetterOutageIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void unwritableDeadLetterDirectoryRefusesWorkAndHoldsTheRowUntilItIsBack() throws Exception {
        Path dlq = dir.resolve("dlq");
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase("dlqdown"));
        settings.put("MDS_DLQ_DIR", dlq.toString());
        settings.put("MDS_METRICS_QUEUE_POLL_SEC", "0.1");
        settings.put("MDS_COORDINATOR_FLUSH_INTERVAL", "0.01");

        try (InProcessStore store = InProcessStore.start(settings)) {
            StoreHttp http = new StoreHttp(store.url());
            Files.delete(dlq);
            Files.writeString(dlq, "not a directory");

            // The table's CHECK refuses right = X: a data error, so the row is bound for the dead-letter queue.
            // Submitted past the HTTP validation, which would have refused it first.
            WriteCoordinator<OptionSnapshot> options =
                    store.lanes().get(DataKind.OPTIONS, OptionSnapshot.class).coordinator();
            options.submitMany(List.of(option("X")), false);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> options.heldDeadLetters().items() == 1);

            StoreHttp.Reply refused = http.post("/ingest/options", "application/json", "[" + json(option("C")) + "]");
            assertThat(refused.status()).as("%s", refused).isEqualTo(503);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.json().path("type").asString()).endsWith("dead-letter-unavailable");

            StoreHttp.Reply readiness = http.get("/actuator/health/readiness");
            assertThat(readiness.status()).as("%s", readiness).isEqualTo(503);
            assertThat(readiness.json().at("/components/deadLetterQueue/status").asString())
                    .isEqualTo("DOWN");
            assertThat(readiness
                            .json()
                            .at("/components/deadLetterQueue/details/failing/options-coord/held_items")
                            .asInt())
                    .isEqualTo(1);
            assertThat(readiness
                            .json()
                            .at("/components/deadLetterQueue/details/failing/options-coord/reason")
                            .asString())
                    .isNotBlank();
            StoreHttp.Reply liveness = http.get("/actuator/health/liveness");
            assertThat(liveness.status()).as("%s", liveness).isEqualTo(200);
            assertThat(http.get("/actuator/prometheus").body())
                    .contains("mds_dlq_held_items{application=\"store-service\",coordinator_id=\"options-coord\"} 1.0");

            Files.delete(dlq);
            Files.createDirectory(dlq);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.get("/actuator/health/readiness").status() == 200);
            assertThat(options.heldDeadLetters().items()).isZero();
            try (Stream<Path> records = Files.list(dlq)) {
                assertThat(records.map(p -> p.getFileName().toString()).toList())
                        .singleElement()
                        .satisfies(name -> assertThat(name).endsWith("-options-1.ndjson"));
            }
            StoreHttp.Reply accepted =
                    http.post("/ingest/options?ack=committed", "application/json", "[" + json(option("C")) + "]");
            assertThat(accepted.status()).as("%s", accepted).isEqualTo(200);
        }
    }

    static OptionSnapshot option(String right) {
        return new OptionSnapshot(
                "AAPL",
                LocalDate.parse("2025-12-19"),
                190.0,
                right,
                Instant.parse("2025-10-15T14:30:00Z"),
                1.2,
                1.3,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    static String json(OptionSnapshot option) {
        return """
                {"symbol":"%s","expiry":"%s","strike":%s,"right":"%s","ts":"%s","bid":%s,"ask":%s}""".formatted(
                        option.symbol(),
                        option.expiry(),
                        option.strike(),
                        option.right(),
                        option.ts(),
                        option.bid(),
                        option.ask());
    }
}

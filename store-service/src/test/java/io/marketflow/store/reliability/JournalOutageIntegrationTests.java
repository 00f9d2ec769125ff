package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.InProcessStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The journal's directory stops being writable while the store runs (replaced by a regular file, which fails
 * every new segment even for root, as a full disk or a lost mount would): ingest gets 503, readiness goes down
 * with the reason while liveness stays up, and once the directory is back the store becomes ready again by
 * itself, without a request having to find out. A clean stop leaves nothing for the next start to replay.
 */
class JournalOutageIntegrationTests {

    @TempDir
    Path dir;

    private Map<String, String> settings(String name, Path journal) {
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase(name));
        settings.put("MDS_DLQ_DIR", dir.resolve("dlq").toString());
        settings.put("MDS_JOURNAL_DIR", journal.toString());
        // The smallest segment: every request below fills one, so the next needs a new file.
        settings.put("MDS_JOURNAL_SEGMENT_BYTES", "65536");
        return settings;
    }

    @Test
    void anUnwritableJournalTakesTheStoreOutOfReadinessButNotLivenessUntilItIsBack() throws Exception {
        Path journal = dir.resolve("journal");
        try (InProcessStore store = InProcessStore.start(settings("journaldown", journal))) {
            StoreHttp http = new StoreHttp(store.url());
            assertThat(component(http.get("/actuator/health/readiness"), "journal"))
                    .isEqualTo("UP");

            try (Stream<Path> files = Files.list(journal)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.delete(file);
                }
            }
            Files.delete(journal);
            Files.writeString(journal, "not a directory");
            // The open segment and the one prepared ahead still take records; the request after them cannot.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ingest(http, "OUT").status() == 503);

            StoreHttp.Reply readiness = http.get("/actuator/health/readiness");
            assertThat(readiness.status()).as("%s", readiness).isEqualTo(503);
            assertThat(component(readiness, "journal")).isEqualTo("DOWN");
            assertThat(readiness.json().at("/components/journal/details/reason").asString())
                    .startsWith("cannot write the journal")
                    .contains("503");
            StoreHttp.Reply liveness = http.get("/actuator/health/liveness");
            assertThat(liveness.status()).as("%s", liveness).isEqualTo(200);
            assertThat(liveness.json().path("components").has("journal")).isFalse();

            Files.delete(journal);
            Files.createDirectory(journal);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.get("/actuator/health/readiness").status() == 200);
            assertThat(ingest(http, "BACK").status()).isEqualTo(200);
        }
    }

    @Test
    void aRestartAfterACleanStopRecoversNothing() throws Exception {
        Path journal = dir.resolve("journal");
        Map<String, String> settings = settings("journalclean", journal);
        try (InProcessStore store = InProcessStore.start(settings)) {
            StoreHttp http = new StoreHttp(store.url());
            for (int i = 0; i < 5; i++) {
                assertThat(ingest(http, "CLEAN" + i).status()).isEqualTo(200);
            }
            StoreHttp.Reply queued = http.post("/ingest?ack=queued", "application/json", bars("QUEUED", 100));
            assertThat(queued.status()).as("%s", queued).isEqualTo(202);
        }

        try (InProcessStore restarted = InProcessStore.start(settings)) {
            JsonNode health =
                    new StoreHttp(restarted.url()).get("/actuator/health").json();
            assertThat(health.at("/components/journal/details/recovered_items").asLong())
                    .as("%s", health.path("components").path("journal"))
                    .isZero();
        }
    }

    private static String component(StoreHttp.Reply reply, String name) {
        return reply.json().at("/components/" + name + "/status").asString();
    }

    private static StoreHttp.Reply ingest(StoreHttp http, String symbol) {
        return http.post("/ingest?ack=committed", "application/json", bars(symbol, 600));
    }

    // About 100 bytes a bar in the journal: 600 of them fill a 64 KiB segment.
    private static String bars(String symbol, int count) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("""
                    {"symbol":"%s","timeframe":"1m","ts":"2025-10-15T%02d:%02d:00Z","open":190.0,"high":192.0,\
                    "low":189.0,"close":191.5,"volume":%d}""".formatted(symbol, 10 + i / 60, i % 60, i));
        }
        return body.append(']').toString();
    }
}

package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.devdb.EmbeddedDatabase;
import io.marketflow.store.InProcessStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Kubernetes probes read the coordinators' in-memory state and never the database: with PostgreSQL stopped
 * they still answer UP at once (items stay queued, the circuit opens), so a store holding data is neither
 * restarted nor taken out of service for a database outage, and a store saturated by ingest does not wait for
 * a pooled connection to answer them.
 */
class HealthProbesIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void probesShowTheCoordinatorsAndStayUpWhileTheDatabaseIsDown() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(0, dir.resolve("pg"), false)) {
            Map<String, String> settings = new HashMap<>(db.connectionProperties(db.createDatabase("probes")));
            settings.put("MDS_DLQ_DIR", dir.resolve("dlq").toString());
            try (InProcessStore store = InProcessStore.start(settings)) {
                StoreHttp http = new StoreHttp(store.url());
                assertProbesUpWithoutTheDatabase(http);

                db.stop();

                assertProbesUpWithoutTheDatabase(http);
                db.restart();
            }
        }
    }

    private static void assertProbesUpWithoutTheDatabase(StoreHttp http) {
        for (String probe : new String[] {"liveness", "readiness"}) {
            StoreHttp.Reply reply = http.get("/actuator/health/" + probe);
            assertThat(reply.status()).as("%s %s", probe, reply).isEqualTo(200);
            JsonNode health = reply.json();
            assertThat(health.path("status").asString()).isEqualTo("UP");
            JsonNode components = health.path("components");
            assertThat(components.propertyNames()).as(probe).doesNotContain("r2dbc", "db", "diskSpace");
            JsonNode bars = components.at("/coordinator/details/bars-coord");
            assertThat(bars.path("workers_alive").asInt())
                    .as(probe)
                    .isEqualTo(bars.path("workers").asInt());
            assertThat(bars.path("capacity").asInt()).as(probe).isEqualTo(10_000);
            assertThat(bars.path("circuit_state").asString()).as(probe).isNotBlank();
        }
        assertThat(http.get("/actuator/health/readiness")
                        .json()
                        .at("/components/deadLetterQueue/status")
                        .asString())
                .isEqualTo("UP");
    }
}

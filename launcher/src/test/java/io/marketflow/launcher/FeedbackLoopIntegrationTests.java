package io.marketflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.store.coordinator.CircuitState;
import io.marketflow.store.deadletter.FileDeadLetterQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop end to end: store and pipeline on random ports, talking over HTTP, writing into a real
 * PostgreSQL. The store's write path is made slow (table locked) or unavailable (database connections cut),
 * its small queue fills up to hard, the pipeline pauses; when the database is back the store drains, reports
 * ok and the pipeline runs at full rate again. Throughout, no bar the provider produced is lost or doubled.
 */
class FeedbackLoopIntegrationTests {

    /** The provider's name, as in its settings MDP_PROVIDER_REPLAY_* and MDP_RATE_REPLAY_*. */
    private static final String PROVIDER = "replay";
    /** At 2,000 bars/s the replay lasts seconds, long enough to lock the table while bars are still coming. */
    private static final int BARS = 8_000;

    @TempDir
    Path directory;

    @Test
    void pausesThePipelineWhileWritesAreBlockedAndStoresEveryBarExactlyOnce() throws Exception {
        LoopBars bars = LoopBars.write(directory.resolve("bars.csv"), BARS);
        try (LocalSystem system = LocalSystem.start(LocalSystem.Options.randomPorts()
                        .withFeed(true)
                        .withStore(storeSettings(Map.of()))
                        .withPipeline(pipelineSettings(bars)));
                LoopProbe probe = new LoopProbe(system, PROVIDER)) {
            LoopDatabase database = new LoopDatabase(system);

            try (LoopDatabase.TableLock lock = database.lockBars()) {
                await("store reaches hard while writes wait for the lock")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> probe.storeLevel() == BackpressureLevel.HARD);
                await("pipeline pauses").atMost(Duration.ofSeconds(10)).until(() -> probe.scale() == 0.0);
                await("pipeline stays paused while the store stays hard")
                        .during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> probe.storeLevel() == BackpressureLevel.HARD && probe.scale() == 0.0);
                assertThat(probe.storeHealth().queueSize()).isBetween(300, 400);
            }

            awaitEveryBarStoredAndLoopBackToOk(database, probe, bars);
            assertThat(system.store().getBean(FileDeadLetterQueue.class).itemCount())
                    .isZero();
        }
    }

    @Test
    void pausesThePipelineWhileTheDatabaseIsDownAndStoresEveryBarExactlyOnce() throws Exception {
        LoopBars bars = LoopBars.write(directory.resolve("bars.csv"), BARS);
        int databasePort = LoopTcpProxy.freePort();
        try (LoopTcpProxy databaseLink = LoopTcpProxy.forwardingTo(databasePort);
                LocalSystem system = LocalSystem.start(new LocalSystem.Options(
                        databasePort,
                        0,
                        0,
                        true,
                        storeSettings(Map.of(
                                "POSTGRES_HOST", "127.0.0.1",
                                "POSTGRES_PORT", Integer.toString(databaseLink.port()),
                                "MDS_RETRY_MAX_ATTEMPTS", "3",
                                "MDS_RETRY_INITIAL_BACKOFF_MS", "20",
                                "MDS_RETRY_MAX_BACKOFF_MS", "200",
                                "MDS_CB_FAILURE_THRESHOLD", "3",
                                "MDS_CB_HALF_OPEN_AFTER_SEC", "1")),
                        pipelineSettings(bars)));
                LoopProbe probe = new LoopProbe(system, PROVIDER)) {
            LoopDatabase database = new LoopDatabase(system);

            databaseLink.cut();
            await("circuit opens and the store reaches hard")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> probe.storeLevel() == BackpressureLevel.HARD
                            && probe.storeHealth().circuitState() == CircuitState.OPEN);
            await("pipeline pauses").atMost(Duration.ofSeconds(10)).until(() -> probe.scale() == 0.0);
            await("pipeline stays paused while the database is down")
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> probe.storeLevel() == BackpressureLevel.HARD && probe.scale() == 0.0);

            databaseLink.restore();
            awaitEveryBarStoredAndLoopBackToOk(database, probe, bars);
            assertThat(system.store().getBean(FileDeadLetterQueue.class).itemCount())
                    .as("nothing dead-lettered: a database outage is transient")
                    .isZero();
        }
    }

    private static void awaitEveryBarStoredAndLoopBackToOk(LoopDatabase database, LoopProbe probe, LoopBars bars) {
        await("store drains, every bar is written, level ok and full rate again")
                .atMost(Duration.ofSeconds(45))
                .until(() -> database.barCount() >= bars.count()
                        && probe.storeLevel() == BackpressureLevel.OK
                        && probe.scale() == 1.0);
        assertThat(database.barCounts()).containsExactly(bars.count(), bars.count());
        assertThat(database.barRows()).containsExactlyInAnyOrderElementsOf(bars.rows());
        assertThat(probe.levelChanges()).contains(BackpressureLevel.HARD).last().isEqualTo(BackpressureLevel.OK);
    }

    /** A queue small enough to fill in a fraction of a second, drained by one worker in small batches. */
    private Map<String, String> storeSettings(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "MDS_COORDINATOR_CAPACITY", "400",
                "MDS_COORDINATOR_HIGH_WATERMARK", "300",
                "MDS_COORDINATOR_LOW_WATERMARK", "100",
                "MDS_COORDINATOR_WORKERS", "1",
                "MDS_COORDINATOR_BATCH_SIZE", "50",
                "MDS_COORDINATOR_FLUSH_INTERVAL", "0.05",
                "MDS_FEEDBACK_HEARTBEAT_SEC", "1",
                "MDS_DLQ_DIR", directory.resolve("dlq").toString()));
        settings.putAll(overrides);
        return settings;
    }

    /**
     * One csv provider replaying {@code bars} fast. Its breaker must not hold bars back for long after the
     * store answered 503 while full, or the test would wait for the breaker rather than for the loop.
     */
    private static Map<String, String> pipelineSettings(LoopBars bars) {
        return Map.ofEntries(
                // These tests check the level-to-scale mapping of the step policy (pause 0.0, resume 1.0).
                Map.entry("MDP_FB_POLICY", "step"),
                Map.entry("MDP_FB_PROVIDER_NAME", PROVIDER),
                Map.entry("MDP_PROVIDER_REPLAY_KIND", "csv"),
                Map.entry("MDP_PROVIDER_REPLAY_FILE", bars.file().toString()),
                Map.entry("MDP_RATE_REPLAY_REFILL_RATE", "2000"),
                Map.entry("MDP_RATE_REPLAY_CAPACITY", "200"),
                Map.entry("MDP_RATE_REPLAY_BREAKER_TIMEOUT", "1"),
                Map.entry("MDP_ROUTER_BATCH_SIZE", "50"),
                Map.entry("MDP_ROUTER_LINGER_MS", "50"),
                Map.entry("MDP_ROUTER_RETRY_INITIAL_MS", "50"),
                Map.entry("MDP_ROUTER_RETRY_MAX_MS", "1000"));
    }
}

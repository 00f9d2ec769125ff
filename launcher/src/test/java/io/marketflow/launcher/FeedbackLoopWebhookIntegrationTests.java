package io.marketflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.pipeline.feedback.CoordinatorSnapshot;
import io.marketflow.store.feedback.FeedbackWebhooks;
import io.marketflow.store.feedback.WebhookSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feedback webhook's receiver (the pipeline's {@code /feedback}) unreachable or hanging, behind a relay the
 * test controls: the store keeps accepting and writing at its usual pace (feedback is fire-and-forget), and
 * the pipeline, no longer hearing the store, counts its last level as the fallback (soft: half rate) once it
 * is older than {@code MDP_FB_STALE_AFTER_SEC}, then follows the store again when the webhook is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackLoopWebhookIntegrationTests {

    private static final String PROVIDER = "synth";
    /** Admitting this many at once takes the store's small queue to hard, so a request crosses both watermarks. */
    private static final int PROBE_BARS = 500;

    @TempDir
    static Path directory;

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger probeRequests = new AtomicInteger();
    private LoopTcpProxy webhookLink;
    private LocalSystem system;
    private LoopProbe probe;
    private LoopDatabase database;

    @BeforeAll
    void start() {
        int pipelinePort = LoopTcpProxy.freePort();
        webhookLink = LoopTcpProxy.forwardingTo(pipelinePort);
        system = LocalSystem.start(new LocalSystem.Options(
                0,
                0,
                pipelinePort,
                true,
                Map.of(
                        "MDS_FEEDBACK_WEBHOOK_URL", "http://127.0.0.1:" + webhookLink.port() + "/feedback",
                        "MDS_FEEDBACK_HEARTBEAT_SEC", "0.5",
                        "MDS_COORDINATOR_CAPACITY", "1000",
                        "MDS_COORDINATOR_HIGH_WATERMARK", "400",
                        "MDS_COORDINATOR_LOW_WATERMARK", "200",
                        "MDS_DLQ_DIR", directory.resolve("dlq").toString()),
                Map.of(
                        // The step policy's scales (1.0 ok, 0.5 stale fallback) are what this test reads.
                        "MDP_FB_POLICY", "step",
                        "MDP_FB_PROVIDER_NAME", PROVIDER,
                        "MDP_FB_STALE_AFTER_SEC", "2",
                        "MDP_PROVIDER_SYNTH_KIND", "synthetic",
                        "MDP_PROVIDER_SYNTH_TIMEFRAME", "1s",
                        "MDP_PROVIDER_SYNTH_MODE", "backfill",
                        "MDP_RATE_SYNTH_REFILL_RATE", "400")));
        probe = new LoopProbe(system, PROVIDER);
        database = new LoopDatabase(system);
    }

    @AfterAll
    void stop() {
        if (probe != null) {
            probe.close();
        }
        if (system != null) {
            system.close();
        }
        webhookLink.close();
    }

    @BeforeEach
    void pipelineHearsTheStore() {
        webhookLink.restore();
        awaitPipelineFollowsTheStore();
    }

    @Test
    void storeKeepsWritingAndPipelineFallsBackToSoftWhileTheReceiverIsDown() throws Exception {
        FeedbackWebhooks broadcaster = system.store().getBean(FeedbackWebhooks.class);
        long failedBefore = broadcaster.failed();

        webhookLink.cut();

        awaitFallbackToSoft();
        assertThat(broadcaster.failed()).isGreaterThan(failedBefore);
        assertThat(broadcaster.pending())
                .as("at most one undelivered event per coordinator is kept")
                .isLessThanOrEqualTo(4);
        assertStoreWritesAsUsual();

        webhookLink.restore();
        awaitPipelineFollowsTheStore();
    }

    @Test
    void storeKeepsWritingAndPipelineFallsBackToSoftWhileTheReceiverHangs() throws Exception {
        webhookLink.stall();

        awaitFallbackToSoft();
        assertStoreWritesAsUsual();

        webhookLink.restore();
        awaitPipelineFollowsTheStore();
    }

    private void awaitPipelineFollowsTheStore() {
        await("pipeline hears the store's bars coordinator and runs at full rate")
                .atMost(Duration.ofSeconds(30))
                .until(() -> probe.barsCoordinatorAsHeard()
                                .filter(heard -> !heard.expired() && heard.level() == BackpressureLevel.OK)
                                .isPresent()
                        && probe.scale() == 1.0);
    }

    private void awaitFallbackToSoft() {
        await("pipeline counts the silent store as soft and halves its rate")
                .atMost(Duration.ofSeconds(15))
                .until(() -> probe.barsCoordinatorAsHeard()
                                .filter(CoordinatorSnapshot::expired)
                                .filter(heard -> heard.effectiveLevel() == BackpressureLevel.SOFT)
                                .isPresent()
                        && probe.feedback().level() == BackpressureLevel.SOFT
                        && probe.scale() == 0.5);
    }

    /**
     * The feed's bars keep arriving in the database, and a request that takes the store's queue through both
     * watermarks (so the write path publishes feedback events meanwhile) is committed in less time than one
     * webhook attempt may take: the write path does not wait for the receiver.
     */
    private void assertStoreWritesAsUsual() throws IOException, InterruptedException {
        long rows = database.barCount();
        await("the feed's bars keep being stored")
                .atMost(Duration.ofSeconds(10))
                .until(() -> database.barCount() >= rows + 100);

        long started = System.nanoTime();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + system.storePort() + "/ingest?ack=committed"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(probeBars()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"written\":" + PROBE_BARS);
        assertThat(took).isLessThan(WebhookSettings.DEFAULT_TIMEOUT);
        assertThat(probe.levelChanges()).contains(BackpressureLevel.HARD);
    }

    private String probeBars() {
        String symbol = "PROBE" + probeRequests.incrementAndGet();
        Instant start = Instant.parse("2025-01-02T00:00:00Z");
        StringJoiner json = new StringJoiner(",", "[", "]");
        for (int i = 0; i < PROBE_BARS; i++) {
            json.add("{\"symbol\":\"" + symbol + "\",\"timeframe\":\"1m\",\"ts\":\"" + start.plusSeconds(60L * i)
                    + "\",\"open\":10.0,\"high\":11.0,\"low\":9.0,\"close\":10.5,\"volume\":100}");
        }
        return json.toString();
    }
}

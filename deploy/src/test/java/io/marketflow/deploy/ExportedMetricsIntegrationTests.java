package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.launcher.LocalSystem;
import io.marketflow.pipeline.status.PipelineStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Scrapes both running services after some traffic and checks that every metric a Grafana panel, a
 * Prometheus rule or a KEDA trigger queries ({@link MetricNamesUsed#inThisRepository()}) is really exported,
 * so a renamed meter or a histogram without buckets cannot leave a panel or an alert silently empty.
 */
class ExportedMetricsIntegrationTests {

    private static final Duration TRAFFIC = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyMetricThatAPanelRuleOrTriggerQueriesIsExported() throws Exception {
        Set<String> used = MetricNamesUsed.inThisRepository();
        assertThat(used).as("metric names queried under deploy/").isNotEmpty();
        LocalSystem.Options options = LocalSystem.Options.randomPorts()
                .withFeed(true)
                .withStore(Map.of("MDS_FEEDBACK_HEARTBEAT_SEC", "1"))
                .withPipeline(Map.of("MDP_RATE_IBKR_REFILL_RATE", "500", "MDP_ROUTER_SHUTDOWN_TIMEOUT_SEC", "2"));
        try (LocalSystem system = LocalSystem.start(options)) {
            String store = "http://localhost:" + system.storePort();
            String pipeline = "http://localhost:" + system.pipelinePort();
            // Traffic, seen without the metrics under test: bars in the database, feedback applied.
            String bars = store + "/bars?symbol=AAPL&timeframe=1m&limit=1&from="
                    + Instant.now().minus(Duration.ofDays(2));
            PipelineStatus status = system.pipeline().getBean(PipelineStatus.class);
            await().atMost(TRAFFIC).until(() -> get(bars).strip().startsWith("[{"));
            await().atMost(TRAFFIC)
                    .until(() -> !status.feedback().coordinators().isEmpty());

            Set<String> storeNames = sampleNames(get(store + "/actuator/prometheus"));
            Set<String> pipelineNames = sampleNames(get(pipeline + "/actuator/prometheus"));

            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(storeNames);
            missing.removeAll(pipelineNames);
            assertThat(missing)
                    .as(
                            "queried under deploy/ but exported by neither service (store exports %s; pipeline exports %s)",
                            storeNames, pipelineNames)
                    .isEmpty();
        }
    }

    /** The metric name of every sample line of a Prometheus text exposition (comments and types skipped). */
    static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }
}

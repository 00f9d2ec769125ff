package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Grafana provisioning and the MarketFlow dashboard: wiring, the panels the issue asks for, valid PromQL. */
class GrafanaDashboardTests {

    private static final Path DASHBOARD = DeployFiles.repoRoot().resolve("deploy/grafana/dashboards/marketflow.json");

    private final JsonNode dashboard = DeployFiles.json(DASHBOARD);
    private final Map<String, Object> services = Tree.mapAt(DeployFiles.yaml("docker-compose.yml"), "services");

    @Test
    void datasourcePointsAtThePrometheusComposeStartsAndTheDashboardUsesIt() {
        Object datasource = Tree.listAt(
                        DeployFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml"), "datasources")
                .get(0);
        assertThat(Tree.text(datasource, "type")).isEqualTo("prometheus");
        URI url = URI.create(Tree.text(datasource, "url"));
        assertThat(services).containsKey(url.getHost());
        assertThat(String.valueOf(
                        Tree.listAt(services, url.getHost() + ".ports").get(0)))
                .endsWith(":" + url.getPort());

        String uid = Tree.text(datasource, "uid");
        assertThat(panels()).allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo(uid);
            assertThat(panel.path("targets"))
                    .allSatisfy(t -> assertThat(t.path("datasource").path("uid").asString())
                            .isEqualTo(uid));
        });
    }

    @Test
    void providerLoadsTheDashboardDirectoryComposeMounts() {
        Object provider = Tree.listAt(
                        DeployFiles.yaml("deploy/grafana/provisioning/dashboards/marketflow.yml"), "providers")
                .get(0);
        String path = Tree.text(provider, "options.path");
        assertThat(Tree.listAt(services, "grafana.volumes")).contains("./deploy/grafana/dashboards:" + path + ":ro");
        String home =
                DockerComposeTests.environment(services, "grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).isEqualTo(path + "/" + DASHBOARD.getFileName());
    }

    @Test
    void panelsHaveUniqueIdsAndFitTheGrid() {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("unique id %s", panel.path("id"))
                    .isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).isBetween(1, 24);
            assertThat(grid.path("h").asInt()).isPositive();
        }
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        assertThat(panels())
                .allSatisfy(panel -> assertThat(panel.path("targets")).isNotEmpty());
    }

    @Test
    void showsQueueDepthAgainstTheWatermarks() {
        assertThat(panel(uses("coordinator_queue_depth", "mds_coord_high_watermark", "mds_coord_low_watermark")))
                .isNotNull();
    }

    @Test
    void showsTheBackpressureLevelAndTheCircuitAsTimelines() {
        JsonNode level = panel(uses("coordinator_backpressure_hard", "pipeline_pressure_level"));
        assertThat(level.path("type").asString()).isEqualTo("state-timeline");
        assertThat(mappedTexts(level)).containsExactlyInAnyOrder("ok", "soft", "hard");
        JsonNode circuit = panel(uses("mds_coord_circuit_state"));
        assertThat(circuit.path("type").asString()).isEqualTo("state-timeline");
        assertThat(mappedTexts(circuit)).containsExactlyInAnyOrder("closed", "open", "half-open");
    }

    @Test
    void showsThroughputLatencyPercentilesRetriesAndDeadLetters() {
        assertThat(panel(uses("mds_coord_items_submitted_total", "sink_writes_total")))
                .isNotNull();
        JsonNode latency = panel(uses("mds_worker_write_latency_seconds_bucket"));
        assertThat(exprs(latency))
                .anySatisfy(e -> assertThat(e).startsWith("histogram_quantile(0.50,"))
                .anySatisfy(e -> assertThat(e).startsWith("histogram_quantile(0.95,"))
                .anySatisfy(e -> assertThat(e).startsWith("histogram_quantile(0.99,"));
        assertThat(latency.path("fieldConfig").path("defaults").path("unit").asString())
                .isEqualTo("s");
        assertThat(panel(uses("mds_worker_write_errors_total", "mds_dlq_items_total")))
                .isNotNull();
    }

    @Test
    void showsRowsWrittenAgainstTheMeasuredCapacityAndTheQueueingDelay() {
        assertThat(exprs(panel(uses("mds_coord_items_written_total", "mds_coord_drain_rate"))))
                .allSatisfy(e -> assertThat(e).contains("by (coordinator_id)"));
        JsonNode delay = panel(uses("mds_coord_queue_delay_seconds"));
        assertThat(delay.path("fieldConfig").path("defaults").path("unit").asString())
                .isEqualTo("s");
    }

    @Test
    void showsPipelineScaleAndEffectiveRatePerProvider() {
        assertThat(exprs(panel(uses("pipeline_rate_scale"))))
                .allSatisfy(e -> assertThat(e).contains("by (provider)"));
        assertThat(exprs(panel(uses("pipeline_effective_rate"))))
                .allSatisfy(e -> assertThat(e).contains("by (provider)"));
    }

    @Test
    void everyQueryIsValidPromql(@TempDir Path work) throws IOException {
        StringBuilder test = new StringBuilder(
                "rule_files: []\ntests:\n  - interval: 15s\n    input_series: []\n    promql_expr_test:\n");
        List<String> all = new ArrayList<>();
        panels().forEach(p -> all.addAll(exprs(p)));
        for (String expr : all) {
            // Grafana fills these in before the query reaches Prometheus.
            String concrete = expr.replace("$__rate_interval", "1m")
                    .replace("$coordinator", ".*")
                    .replace("$provider", ".*");
            test.append("      - expr: '").append(concrete.replace("'", "''")).append("'\n");
            test.append("        eval_time: 0s\n");
        }
        Files.writeString(work.resolve("dashboard.test.yml"), test);
        assertThat(all).hasSizeGreaterThan(10);
        assertThat(Promtool.succeed(work, List.of("test", "rules", "dashboard.test.yml")))
                .contains("SUCCESS");
    }

    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (!"row".equals(panel.path("type").asString())) {
                panels.add(panel);
            }
        }
        return panels;
    }

    private JsonNode panel(Predicate<JsonNode> condition) {
        return panels().stream()
                .filter(condition)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no panel matches"));
    }

    private static Predicate<JsonNode> uses(String... metrics) {
        return panel -> {
            Set<String> used = new TreeSet<>();
            exprs(panel).forEach(e -> used.addAll(MetricNamesUsed.inExpression(e)));
            return used.containsAll(List.of(metrics));
        };
    }

    private static List<String> exprs(JsonNode panel) {
        List<String> exprs = new ArrayList<>();
        panel.path("targets").forEach(t -> exprs.add(t.path("expr").asString()));
        return exprs;
    }

    private static Set<String> mappedTexts(JsonNode panel) {
        Set<String> texts = new TreeSet<>();
        for (JsonNode mapping : panel.path("fieldConfig").path("defaults").path("mappings")) {
            mapping.path("options")
                    .forEach(option -> texts.add(option.path("text").asString()));
        }
        return texts;
    }
}

package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's KEDA ScaledObject: structure by hand-written rules, and what its queries ask for by promtool. */
class KedaScaledObjectTests {

    private static final Path FILE = DeployFiles.repoRoot().resolve("deploy/keda/store-service-scaledobject.yaml");

    private final Map<String, Object> scaledObject = DeployFiles.yaml(FILE);
    private final KubernetesManifests manifests = new KubernetesManifests();

    @Test
    void scalesTheStoreDeploymentInItsNamespace() {
        assertThat(scaledObject).containsEntry("apiVersion", "keda.sh/v1alpha1").containsEntry("kind", "ScaledObject");
        Map<String, Object> deployment = manifests.workload(Tree.text(scaledObject, "spec.scaleTargetRef.name"));
        assertThat(Tree.text(deployment, "metadata.name")).isEqualTo("store-service");
        assertThat(Tree.text(scaledObject, "metadata.namespace"))
                .isEqualTo(Tree.text(deployment, "metadata.namespace"));
        assertThat(Tree.text(scaledObject, "spec.scaleTargetRef.kind")).isEqualTo(deployment.get("kind"));
        assertThat(Tree.text(scaledObject, "spec.scaleTargetRef.apiVersion")).isEqualTo("apps/v1");
    }

    @Test
    void scalesOnQueueDepthAndHardBackpressureFromPrometheus() {
        assertThat(triggers()).hasSize(2).allSatisfy(trigger -> {
            assertThat(Tree.text(trigger, "type")).isEqualTo("prometheus");
            // fallback only works for AverageValue targets
            assertThat(Tree.text(trigger, "metricType")).isEqualTo("AverageValue");
            assertThat(Tree.at(trigger, "metadata.ignoreNullValues")).isEqualTo("false");
            assertThat(Tree.at(trigger, "metadata.threshold")).isInstanceOf(String.class);
            assertThat(Double.parseDouble(Tree.text(trigger, "metadata.threshold")))
                    .isPositive();
            assertThat(Tree.text(trigger, "metadata.serverAddress")).matches("https?://[\\w.-]+:\\d+");
            assertThat(Tree.text(trigger, "metadata.query")).contains("namespace=\"marketflow\"");
        });
        assertThat(MetricNamesUsed.inExpression(query("queue-depth"))).containsExactly("coordinator_queue_depth");
        assertThat(MetricNamesUsed.inExpression(query("hard-backpressure")))
                .containsExactly("coordinator_backpressure_hard");
    }

    @Test
    void fallsBackToAFixedSizeWhenMetricsAreMissing() {
        int min = (Integer) Tree.at(scaledObject, "spec.minReplicaCount");
        int max = (Integer) Tree.at(scaledObject, "spec.maxReplicaCount");
        assertThat(min).isPositive().isLessThan(max);
        assertThat((Integer) Tree.at(scaledObject, "spec.fallback.failureThreshold"))
                .isPositive();
        assertThat((Integer) Tree.at(scaledObject, "spec.fallback.replicas")).isBetween(min, max);
    }

    @Test
    void scalesUpFastAndDownSlowly() {
        Map<String, Object> behavior = Tree.mapAt(scaledObject, "spec.advanced.horizontalPodAutoscalerConfig.behavior");
        assertThat((Integer) Tree.at(behavior, "scaleUp.stabilizationWindowSeconds"))
                .isLessThanOrEqualTo(30);
        assertThat((Integer) Tree.at(behavior, "scaleDown.stabilizationWindowSeconds"))
                .isGreaterThanOrEqualTo(300);
        assertThat(Tree.text(behavior, "scaleUp.selectPolicy")).isEqualTo("Max");
        assertThat(Tree.text(behavior, "scaleDown.selectPolicy")).isEqualTo("Min");
        assertThat(podsPerMinute(behavior, "scaleDown")).isLessThan(podsPerMinute(behavior, "scaleUp"));
    }

    @Test
    void scalingLoopIsMinutesWhileTheRateLoopIsSeconds() {
        Map<String, String> store =
                manifests.environment(KubernetesManifests.onlyContainer(manifests.workload("store-service")));
        int heartbeat = Integer.parseInt(store.get("MDS_FEEDBACK_HEARTBEAT_SEC"));
        int polling = (Integer) Tree.at(scaledObject, "spec.pollingInterval");
        int scaleDownWindow = (Integer) Tree.at(
                scaledObject,
                "spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds");
        assertThat(polling).isGreaterThanOrEqualTo(2 * heartbeat);
        assertThat(scaleDownWindow).isGreaterThanOrEqualTo(60 * heartbeat);
        assertThat(query("queue-depth")).containsPattern("_over_time\\(.*\\[[1-9]m]\\)");
        assertThat(query("hard-backpressure")).containsPattern("_over_time\\(.*\\[[1-9]m]\\)");
    }

    @Test
    void queueThresholdLiesBelowTheLowWatermarkSoCapacityArrivesBeforeThrottling() {
        Map<String, String> store =
                manifests.environment(KubernetesManifests.onlyContainer(manifests.workload("store-service")));
        double capacity = Double.parseDouble(store.get("MDS_COORDINATOR_CAPACITY"));
        double lowWatermark = store.containsKey("MDS_COORDINATOR_LOW_WATERMARK")
                ? Double.parseDouble(store.get("MDS_COORDINATOR_LOW_WATERMARK"))
                : 0.5 * capacity;
        assertThat(Double.parseDouble(threshold("queue-depth"))).isPositive().isLessThan(lowWatermark);
    }

    @Test
    void queriesAskForTheIntendedReplicaCounts(@TempDir Path work) throws IOException {
        // Three store pods. Queue depth: 3000 + 2500 + 1500 = 7000 items -> ceil(7000 / 2000) = 4 replicas.
        // Pod a hard the whole time -> 3 pods reporting + 1 = 4 replicas. Pod b hard for one poll, exactly at the
        // evaluation time: not sustained, so no demand (0) when pod a is not hard.
        String test = """
                rule_files: []
                evaluation_interval: 15s
                tests:
                  - interval: 15s
                    input_series:
                      - series: 'coordinator_queue_depth{namespace="marketflow",pod="a",coordinator_id="bars-coord"}'
                        values: '3000x20'
                      - series: 'coordinator_queue_depth{namespace="marketflow",pod="b",coordinator_id="bars-coord"}'
                        values: '2500x20'
                      - series: 'coordinator_queue_depth{namespace="marketflow",pod="c",coordinator_id="bars-coord"}'
                        values: '1500x20'
                      - series: 'coordinator_queue_depth{namespace="elsewhere",pod="x",coordinator_id="bars-coord"}'
                        values: '99999x20'
                      - series: 'coordinator_backpressure_hard{namespace="marketflow",pod="a",coordinator_id="bars-coord"}'
                        values: '%s'
                      - series: 'coordinator_backpressure_hard{namespace="marketflow",pod="b",coordinator_id="bars-coord"}'
                        values: '0x15 1 0x4'
                      - series: 'coordinator_backpressure_hard{namespace="marketflow",pod="c",coordinator_id="news-coord"}'
                        values: '0x20'
                    promql_expr_test:
                      - expr: '%s'
                        eval_time: 4m
                        exp_samples:
                          - labels: '{}'
                            value: 7000
                      - expr: '%s'
                        eval_time: 4m
                        exp_samples:
                          - labels: '{}'
                            value: %d
                """;
        String hardQuery = yamlQuoted(query("hard-backpressure"));
        String queueQuery = yamlQuoted(query("queue-depth"));
        Files.writeString(work.resolve("sustained.test.yml"), test.formatted("1x20", queueQuery, hardQuery, 4));
        Files.writeString(work.resolve("brief.test.yml"), test.formatted("0x20", queueQuery, hardQuery, 0));

        assertThat(Promtool.succeed(work, List.of("test", "rules", "sustained.test.yml", "brief.test.yml")))
                .contains("SUCCESS");
        assertThat(Math.ceil(7000 / Double.parseDouble(threshold("queue-depth"))))
                .isEqualTo(4);
        assertThat(Math.ceil(4 / Double.parseDouble(threshold("hard-backpressure"))))
                .isEqualTo(4);
    }

    private List<Object> triggers() {
        return Tree.listAt(scaledObject, "spec.triggers");
    }

    private Object trigger(String name) {
        return triggers().stream()
                .filter(t -> name.equals(Tree.text(t, "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no trigger named " + name));
    }

    private String query(String trigger) {
        return Tree.text(trigger(trigger), "metadata.query");
    }

    private String threshold(String trigger) {
        return Tree.text(trigger(trigger), "metadata.threshold");
    }

    /** The most pods a direction's policies allow per minute (Pods policies; Percent taken at 4 replicas). */
    private static double podsPerMinute(Map<String, Object> behavior, String direction) {
        double most = 0;
        for (Object policy : Tree.listAt(behavior, direction + ".policies")) {
            double value = ((Integer) Tree.at(policy, "value")).doubleValue();
            double pods = "Percent".equals(Tree.text(policy, "type")) ? 4 * value / 100 : value;
            most = Math.max(most, pods * 60 / (Integer) Tree.at(policy, "periodSeconds"));
        }
        return most;
    }

    private static String yamlQuoted(String text) {
        return text.replace("'", "''");
    }
}

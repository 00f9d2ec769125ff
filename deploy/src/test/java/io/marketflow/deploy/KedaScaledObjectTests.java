package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    void scalesOnTheStoresOwnCpuGatedByTheQueueDelayFromPrometheus() {
        assertThat(triggers()).hasSize(1).allSatisfy(trigger -> {
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
        assertThat(MetricNamesUsed.inExpression(query("store-cpu")))
                .containsExactlyInAnyOrder(
                        "process_cpu_time_ns_total", "system_cpu_count", "mds_coord_queue_delay_seconds");
        // The JVM series exist in the pipeline's pods too: only the store's count.
        assertThat(query("store-cpu"))
                .doesNotContain("coordinator_queue_depth")
                .doesNotContain("backpressure")
                .contains("process_cpu_time_ns_total{namespace=\"marketflow\",application=\"store-service\"}");
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
        assertThat(query("store-cpu"))
                .containsPattern("rate\\(process_cpu_time_ns_total\\{[^}]*}\\[[1-9]m]\\)")
                .containsPattern("_over_time\\(mds_coord_queue_delay_seconds\\{[^}]*}\\[[1-9]m]\\)");
    }

    @Test
    void cpuTargetLeavesHeadroomAndTheCapHoldsTheCurrentSize() {
        double target = Double.parseDouble(threshold("store-cpu"));
        assertThat(target).isBetween(0.5, 0.9);
        // When the database is the bottleneck the demand is capped at target x pods, i.e. exactly the current size.
        assertThat(query("store-cpu")).contains(threshold("store-cpu") + " * scalar(count(system_cpu_count{");
    }

    /**
     * Two store pods with 2 CPUs each, plus a pipeline pod and a pod of another namespace that must not count.
     * The answers are KEDA's replica counts: ceil(query result / threshold).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // Store CPU-bound at 90 % while the queue delay stays at 50 ms: demand 1.8 -> 3 pods, one more.
        "store is the bottleneck,          0.9,  0.05, 1.8, 3",
        // Queue 4 s deep while the store's CPU idles at 10 %: the database is slow; 0.2 -> 1 pod, never more.
        "database is slow,                 0.1,  4,    0.2, 1",
        // Database slow and the store busy too: capped at 0.7 x 2 pods -> holds 2, adds none.
        "database is slow and store busy,  0.9,  4,    1.4, 2",
        // A 5 s stall for 15 s in the last 2 minutes is not a slow database: 0.9 * 2 -> 3 pods.
        "brief stall while store is busy,  0.9,  spike, 1.8, 3",
    })
    void queryAsksForPodsOnlyWhenTheStoreItselfIsTheBottleneck(
            String situation, double cpu, String delay, double demand, int replicas, @TempDir Path work)
            throws IOException {
        long cpuNanosPerStep = Math.round(cpu * 2 * 15e9); // 2 CPUs, 15 s between samples
        String delayValues = "spike".equals(delay) ? "0.05x15 5 0.05x4" : delay + "x20";
        String test = """
                rule_files: []
                evaluation_interval: 15s
                tests:
                  - interval: 15s
                    input_series:
                      - series: 'process_cpu_time_ns_total{namespace="marketflow",application="store-service",pod="a"}'
                        values: '0+%1$dx20'
                      - series: 'process_cpu_time_ns_total{namespace="marketflow",application="store-service",pod="b"}'
                        values: '0+%1$dx20'
                      - series: 'system_cpu_count{namespace="marketflow",application="store-service",pod="a"}'
                        values: '2x20'
                      - series: 'system_cpu_count{namespace="marketflow",application="store-service",pod="b"}'
                        values: '2x20'
                      - series: 'process_cpu_time_ns_total{namespace="marketflow",application="pipeline-service",pod="p"}'
                        values: '0+30000000000x20'
                      - series: 'system_cpu_count{namespace="marketflow",application="pipeline-service",pod="p"}'
                        values: '1x20'
                      - series: 'process_cpu_time_ns_total{namespace="elsewhere",application="store-service",pod="x"}'
                        values: '0+30000000000x20'
                      - series: 'system_cpu_count{namespace="elsewhere",application="store-service",pod="x"}'
                        values: '1x20'
                      - series: 'mds_coord_queue_delay_seconds{namespace="marketflow",application="store-service",pod="a",coordinator_id="bars-coord"}'
                        values: '%2$s'
                      - series: 'mds_coord_queue_delay_seconds{namespace="marketflow",application="store-service",pod="b",coordinator_id="bars-coord"}'
                        values: '0x20'
                      - series: 'mds_coord_queue_delay_seconds{namespace="elsewhere",application="store-service",pod="x",coordinator_id="bars-coord"}'
                        values: '60x20'
                    promql_expr_test:
                      - expr: '%3$s'
                        eval_time: 4m
                        exp_samples:
                          - labels: '{}'
                            value: %4$s
                """.formatted(cpuNanosPerStep, delayValues, yamlQuoted(query("store-cpu")), demand);
        Files.writeString(work.resolve("scaling.test.yml"), test);

        assertThat(Promtool.succeed(work, List.of("test", "rules", "scaling.test.yml")))
                .as(situation)
                .contains("SUCCESS");
        assertThat((int) Math.ceil(demand / Double.parseDouble(threshold("store-cpu"))))
                .as(situation)
                .isEqualTo(replicas);
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

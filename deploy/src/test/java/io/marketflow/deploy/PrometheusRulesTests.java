package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The alert rules and scrape configuration, checked and unit-tested by promtool and cross-checked here. */
class PrometheusRulesTests {

    private static final Path PROMETHEUS = DeployFiles.repoRoot().resolve("deploy/prometheus");

    @Test
    void promtoolAcceptsTheRulesAndTheScrapeConfiguration() {
        List<String> checkRules = new ArrayList<>(List.of("check", "rules"));
        ruleFiles().forEach(file -> checkRules.add(PROMETHEUS.relativize(file).toString()));
        assertThat(Promtool.succeed(PROMETHEUS, checkRules)).contains("SUCCESS");
        // Checks the rule files it includes too. prometheus-kubernetes.yml is not checked this way:
        // Debian's promtool is built without the Kubernetes service discovery it uses.
        assertThat(Promtool.succeed(PROMETHEUS, List.of("check", "config", "prometheus.yml")))
                .contains("SUCCESS");
    }

    @Test
    void alertRulesPassTheirUnitTests() {
        assertThat(Promtool.succeed(PROMETHEUS, List.of("test", "rules", "rules.test.yml")))
                .contains("SUCCESS");
    }

    @Test
    void alertsCoverEachFailureAnOperatorMustHearAbout() {
        assertThat(alerts().keySet())
                .containsExactlyInAnyOrder(
                        "StoreHardBackpressureSustained",
                        "StoreCircuitOpen",
                        "StoreDeadLetterQueueGrowing",
                        "StoreDeadLetterQueueFailing",
                        "StoreJournalFailing",
                        "StoreBusyRefusing",
                        "StoreWorkersBelowConfigured",
                        "StoreWriteErrorRateHigh",
                        "PipelineFeedbackStale");
        alerts().forEach((name, rule) -> {
            assertThat(Tree.text(rule, "labels.severity")).as(name).isIn("warning", "critical");
            assertThat(Tree.text(rule, "annotations.summary")).as(name).isNotBlank();
            assertThat(Tree.text(rule, "for")).as(name).matches("\\d+[sm]");
        });
    }

    @Test
    void everyAlertIsShownFiringInTheUnitTests() {
        Set<String> shownFiring = new TreeSet<>();
        for (Object test : Tree.listAt(DeployFiles.yaml(PROMETHEUS.resolve("rules.test.yml")), "tests")) {
            Object cases = Tree.at(test, "alert_rule_test");
            for (Object alertCase : cases == null ? List.of() : Tree.list(cases, "alert_rule_test")) {
                if (!Tree.listAt(alertCase, "exp_alerts").isEmpty()) {
                    shownFiring.add(Tree.text(alertCase, "alertname"));
                }
            }
        }
        assertThat(shownFiring).containsAll(alerts().keySet());
    }

    @Test
    void workersAlertComparesWithTheConfiguredWorkersTheStoreExports() {
        assertThat(Tree.text(alerts().get("StoreWorkersBelowConfigured"), "expr"))
                .contains("mds_coord_workers_alive")
                .contains("mds_coord_workers_configured")
                .doesNotContainPattern("<\\s*\\d");
    }

    @Test
    void composeConfigurationScrapesBothServicesAtTheirActuatorEndpoint() {
        Map<String, Object> config = DeployFiles.yaml(PROMETHEUS.resolve("prometheus.yml"));
        Map<String, Object> compose = Tree.mapAt(DeployFiles.yaml("docker-compose.yml"), "services");
        for (ServiceSettings service : ServiceSettings.values()) {
            Object job = Tree.listAt(config, "scrape_configs").stream()
                    .filter(j -> service.module().equals(Tree.text(j, "job_name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no scrape job " + service.module()));
            assertThat(Tree.text(job, "metrics_path")).isEqualTo("/actuator/prometheus");
            Object staticConfig = Tree.listAt(job, "static_configs").get(0);
            assertThat(Tree.listAt(staticConfig, "targets"))
                    .containsExactly(service.module() + ":" + service.defaultPort());
            assertThat(compose).containsKey(service.module());
        }
        assertThat(Tree.listAt(config, "rule_files")).containsExactly("rules/*.yml");
    }

    @Test
    void kubernetesConfigurationFollowsThePodAnnotationsAndLabelsWhatKedaSelects() {
        Map<String, Object> config = DeployFiles.yaml(PROMETHEUS.resolve("prometheus-kubernetes.yml"));
        Object job = Tree.listAt(config, "scrape_configs").get(0);
        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (Object relabel : Tree.listAt(job, "relabel_configs")) {
            sources.addAll(Tree.listAt(relabel, "source_labels").stream()
                    .map(String::valueOf)
                    .toList());
            if (Tree.at(relabel, "target_label") != null) {
                targets.add(Tree.text(relabel, "target_label"));
            }
        }
        assertThat(sources)
                .contains(
                        "__meta_kubernetes_pod_annotation_prometheus_io_scrape",
                        "__meta_kubernetes_pod_annotation_prometheus_io_path",
                        "__meta_kubernetes_pod_annotation_prometheus_io_port");
        assertThat(targets).contains("__metrics_path__", "__address__", "namespace", "pod");
    }

    private static List<Path> ruleFiles() {
        return DeployFiles.list("deploy/prometheus/rules", ".yml");
    }

    private static Map<String, Object> alerts() {
        Map<String, Object> alerts = new LinkedHashMap<>();
        for (Path file : ruleFiles()) {
            for (Object group : Tree.listAt(DeployFiles.yaml(file), "groups")) {
                for (Object rule : Tree.listAt(group, "rules")) {
                    if (Tree.at(rule, "alert") != null) {
                        alerts.put(Tree.text(rule, "alert"), rule);
                    }
                }
            }
        }
        return alerts;
    }
}

package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml checked without a Docker engine: structure, names, ports, paths and start order. */
class DockerComposeTests {

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+][^}]*)?}");

    private final Map<String, Object> compose = DeployFiles.yaml("docker-compose.yml");
    private final Map<String, Object> services = Tree.mapAt(compose, "services");

    @Test
    void runsTheDatabaseBothServicesPrometheusAndGrafana() {
        assertThat(services)
                .containsOnlyKeys("timescaledb", "store-service", "pipeline-service", "prometheus", "grafana");
    }

    @Test
    void pinsEveryImageAndBuildsOurServicesFromTheRepository() {
        services.forEach((name, service) -> {
            String image = Tree.text(service, "image");
            assertThat(image).as("%s image", name).isNotNull().matches(".+:[\\w][\\w.-]*");
            assertThat(image).as("%s image", name).doesNotEndWith(":latest");
        });
        assertThat(Tree.text(services, "timescaledb.image")).matches("timescale/timescaledb:\\d+\\.\\d+\\.\\d+-pg\\d+");
        for (ServiceSettings service : ServiceSettings.values()) {
            Object build = Tree.at(services, service.module() + ".build");
            assertThat(Tree.text(build, "context")).isEqualTo(".");
            assertThat(Tree.text(build, "dockerfile")).isEqualTo("Dockerfile");
            assertThat(Tree.text(build, "args.SERVICE")).isEqualTo(service.module());
            assertThat(DeployFiles.repoRoot().resolve("Dockerfile")).isRegularFile();
        }
    }

    @Test
    void setsOnlyEnvironmentVariablesTheServicesRead() {
        for (ServiceSettings service : ServiceSettings.values()) {
            assertThat(environment(service.module()).keySet())
                    .as("environment of %s", service.module())
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(service.reads(name))
                            .as("%s reads %s", service.module(), name)
                            .isTrue());
        }
    }

    @Test
    void connectsTheStoreToTheDatabaseItStarts() {
        Map<String, String> store = environment("store-service");
        Map<String, String> database = environment("timescaledb");
        assertThat(services).containsKey(store.get("POSTGRES_HOST"));
        assertThat(store.get("POSTGRES_PORT")).isEqualTo("5432");
        assertThat(store.get("POSTGRES_DB")).isEqualTo(database.get("POSTGRES_DB"));
        assertThat(store.get("POSTGRES_USER")).isEqualTo(database.get("POSTGRES_USER"));
        assertThat(store.get("POSTGRES_PASSWORD")).isEqualTo(database.get("POSTGRES_PASSWORD"));
        assertThat(Tree.listAt(services, "timescaledb.volumes"))
                .anySatisfy(volume -> assertThat(String.valueOf(volume)).matches("[\\w-]+:/var/lib/postgresql/data"));
    }

    @Test
    void keepsTheStoresJournalOnANamedVolume() {
        String journal = environment("store-service").get("MDS_JOURNAL_DIR");
        assertThat(journal).as("MDS_JOURNAL_DIR").isNotBlank();
        assertThat(Tree.listAt(services, "store-service.volumes")).anySatisfy(volume -> {
            String[] parts = String.valueOf(volume).split(":");
            assertThat(parts[1]).isEqualTo(journal);
            assertThat(Tree.mapAt(compose, "volumes")).containsKey(parts[0]);
        });
    }

    @Test
    void closesTheFeedbackLoopBetweenTheServices() {
        Map<String, String> store = environment("store-service");
        Map<String, String> pipeline = environment("pipeline-service");

        assertThat(store.get("MDS_FEEDBACK_ENABLE_HTTP_BROADCAST")).isEqualTo("true");
        assertServiceUrl(store.get("MDS_FEEDBACK_WEBHOOK_URL"), ServiceSettings.PIPELINE, "/feedback");
        assertThat(pipeline.get("MDP_FEED_ENABLED")).isEqualTo("true");
        assertServiceUrl(pipeline.get("MDP_STORE_URL"), ServiceSettings.STORE, "");
    }

    @Test
    void signsAndVerifiesFeedbackWithOneSecretFromTheEnvFile() {
        String signing = environment("store-service").get("MDS_FEEDBACK_WEBHOOK_SECRET");
        String verifying = environment("pipeline-service").get("MDP_FB_WEBHOOK_SECRET");
        assertThat(verifying).isEqualTo(signing);

        Matcher reference = INTERPOLATION.matcher(signing);
        assertThat(reference.matches())
                .as("secret comes from .env: %s", signing)
                .isTrue();
        String example = envExample().get(reference.group(1));
        assertThat(example).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(example.substring("whsec_".length())))
                .as("decoded secret")
                .hasSizeGreaterThanOrEqualTo(24);
    }

    @Test
    void envExampleDefinesEveryVariableComposeRequires() {
        Set<String> required = new TreeSet<>();
        Matcher matcher = INTERPOLATION.matcher(DeployFiles.read(DeployFiles.file("docker-compose.yml")));
        while (matcher.find()) {
            String modifier = matcher.group(2);
            if (modifier == null || modifier.startsWith("?") || modifier.startsWith(":?")) {
                required.add(matcher.group(1));
            }
        }
        assertThat(required).isNotEmpty();
        assertThat(envExample()).containsKeys(required.toArray(String[]::new));
    }

    @Test
    void startsEachServiceOnlyAfterWhatItNeedsIsHealthy() {
        Map<String, List<String>> needs = new HashMap<>();
        services.forEach((name, service) -> {
            Object dependsOn = Tree.at(service, "depends_on");
            List<String> targets = new ArrayList<>();
            if (dependsOn != null) {
                Tree.map(dependsOn, name + ".depends_on").forEach((target, condition) -> {
                    assertThat(Tree.text(condition, "condition"))
                            .as("%s waits for %s", name, target)
                            .isEqualTo("service_healthy");
                    assertThat(hasHealthcheck(target))
                            .as("%s has a healthcheck", target)
                            .isTrue();
                    targets.add(target);
                });
            }
            needs.put(name, targets);
        });
        assertThat(needs.get("store-service")).containsExactly("timescaledb");
        assertThat(needs.get("pipeline-service")).containsExactly("store-service");
        assertThat(needs.get("prometheus")).containsExactlyInAnyOrder("store-service", "pipeline-service");
        assertThat(needs.get("grafana")).containsExactly("prometheus");
        assertThat(startOrder(needs))
                .containsExactly("timescaledb", "store-service", "pipeline-service", "prometheus", "grafana");
    }

    @Test
    void publishesThePortsTheServicesListenOn() {
        for (ServiceSettings service : ServiceSettings.values()) {
            assertThat(containerPorts(service.module())).contains(service.defaultPort());
            assertThat(environment(service.module())).doesNotContainKey("PORT");
        }
        assertThat(containerPorts("prometheus")).containsExactly(9090);
        assertThat(containerPorts("grafana")).containsExactly(3000);
    }

    @Test
    void mountsConfigurationThatExistsInTheRepository() {
        List<String> mounted = new ArrayList<>();
        services.forEach((name, service) -> {
            Object volumes = Tree.at(service, "volumes");
            if (volumes == null) {
                return;
            }
            for (Object volume : Tree.list(volumes, name + ".volumes")) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(DeployFiles.repoRoot().resolve(source)).exists();
                    mounted.add(source);
                } else {
                    assertThat(Tree.mapAt(compose, "volumes"))
                            .as("named volume of %s", name)
                            .containsKey(source);
                }
            }
        });
        assertThat(mounted)
                .contains(
                        "./deploy/prometheus/prometheus.yml",
                        "./deploy/prometheus/rules",
                        "./deploy/grafana/provisioning");
    }

    @Test
    void givesTheStoreTimeToDrainItsQueueOnStop() {
        int drain = Integer.parseInt(environment("store-service").get("MDS_SHUTDOWN_DRAIN_TIMEOUT_SEC"));
        String grace = Tree.text(services, "store-service.stop_grace_period");
        assertThat(grace).matches("\\d+s");
        // Spring may spend the drain timeout twice: once finishing in-flight requests, once draining the queue.
        assertThat(Integer.parseInt(grace.replace("s", ""))).isGreaterThanOrEqualTo(2 * drain + 10);
    }

    static Map<String, String> environment(Map<String, Object> services, String service) {
        Object environment = Tree.at(services, service + ".environment");
        Map<String, String> variables = new HashMap<>();
        if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] pair = String.valueOf(entry).split("=", 2);
                variables.put(pair[0], pair.length > 1 ? pair[1] : null);
            }
        } else if (environment != null) {
            Tree.map(environment, service + ".environment").forEach((k, v) -> variables.put(k, String.valueOf(v)));
        }
        return variables;
    }

    private Map<String, String> environment(String service) {
        return environment(services, service);
    }

    private List<Integer> containerPorts(String service) {
        List<Integer> ports = new ArrayList<>();
        for (Object mapping : Tree.listAt(services, service + ".ports")) {
            String[] parts = String.valueOf(mapping).split(":");
            ports.add(Integer.parseInt(parts[parts.length - 1].replace("/tcp", "")));
        }
        return ports;
    }

    private boolean hasHealthcheck(String service) {
        if (Tree.at(services, service + ".healthcheck") != null) {
            return true;
        }
        String dockerfile = Tree.text(services, service + ".build.dockerfile");
        return dockerfile != null
                && DeployFiles.read(DeployFiles.file(dockerfile)).lines().anyMatch(l -> l.startsWith("HEALTHCHECK "));
    }

    private static void assertServiceUrl(String url, ServiceSettings target, String path) {
        URI uri = URI.create(url);
        assertThat(uri.getScheme()).isEqualTo("http");
        assertThat(uri.getHost()).isEqualTo(target.module());
        assertThat(uri.getPort()).isEqualTo(target.defaultPort());
        assertThat(uri.getPath()).isEqualTo(path);
    }

    /** A topological order of the services, ties broken by the order they are written in. */
    private List<String> startOrder(Map<String, List<String>> needs) {
        List<String> order = new ArrayList<>();
        while (order.size() < services.size()) {
            String next = services.keySet().stream()
                    .filter(s -> !order.contains(s) && order.containsAll(needs.get(s)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("depends_on has a cycle among " + needs));
            order.add(next);
        }
        return order;
    }

    private static Map<String, String> envExample() {
        Map<String, String> entries = new HashMap<>();
        for (String line :
                DeployFiles.read(DeployFiles.file(".env.example")).lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] pair = line.split("=", 2);
                entries.put(pair[0].trim(), pair[1].trim());
            }
        }
        return entries;
    }
}

package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * deploy/k8s checked by hand-written rules (no cluster to dry-run against): the fields the API server
 * requires, and that names, ports, paths and settings agree with each other and with the services.
 */
class KubernetesManifestsTests {

    private static final String NAMESPACE = "marketflow";
    private static final Set<String> KNOWN_KINDS = Set.of(
            "v1/Namespace", "v1/ConfigMap", "v1/Secret", "v1/Service", "apps/v1/Deployment", "apps/v1/StatefulSet");

    private final KubernetesManifests manifests = new KubernetesManifests();

    @Test
    void everyDocumentIsAKnownKindWithAValidNameInTheNamespace() {
        assertThat(manifests.all()).isNotEmpty().allSatisfy(document -> {
            assertThat(document.get("apiVersion") + "/" + document.get("kind")).isIn(KNOWN_KINDS);
            assertThat(Tree.text(document, "metadata.name")).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
            if (!"Namespace".equals(document.get("kind"))) {
                assertThat(Tree.text(document, "metadata.namespace")).isEqualTo(NAMESPACE);
            }
        });
        manifests.named("Namespace", NAMESPACE);
    }

    @Test
    void kustomizationListsEveryManifest() {
        Map<String, Object> kustomization = DeployFiles.yaml("deploy/k8s/kustomization.yaml");
        assertThat(Tree.text(kustomization, "namespace")).isEqualTo(NAMESPACE);
        List<String> manifestFiles = DeployFiles.list("deploy/k8s", ".yaml").stream()
                .map(p -> p.getFileName().toString())
                .filter(name -> !name.equals("kustomization.yaml"))
                .toList();
        assertThat(Tree.listAt(kustomization, "resources")).containsExactlyInAnyOrderElementsOf(manifestFiles);
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void deploymentSelectsItsOwnPodsAndItsServiceRoutesToTheHttpPort(ServiceSettings service) {
        Map<String, Object> deployment = manifests.workload(service.module());
        Map<String, Object> podLabels = Tree.mapAt(deployment, "spec.template.metadata.labels");
        assertThat(podLabels).containsAllEntriesOf(Tree.mapAt(deployment, "spec.selector.matchLabels"));

        Map<String, Object> container = KubernetesManifests.onlyContainer(deployment);
        Map<String, Object> port =
                Tree.map(Tree.list(container.get("ports"), "ports").get(0), "port");
        assertThat(port).containsEntry("name", "http").containsEntry("containerPort", service.defaultPort());

        Map<String, Object> k8sService = manifests.named("Service", service.module());
        assertThat(podLabels).containsAllEntriesOf(Tree.mapAt(k8sService, "spec.selector"));
        Map<String, Object> servicePort =
                Tree.map(Tree.listAt(k8sService, "spec.ports").get(0), "service port");
        assertThat(servicePort).containsEntry("port", service.defaultPort()).containsEntry("targetPort", "http");
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void probesUseTheActuatorHealthGroups(ServiceSettings service) {
        Map<String, Object> container = KubernetesManifests.onlyContainer(manifests.workload(service.module()));
        assertThat(Tree.text(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(Tree.text(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat(Tree.text(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(Tree.text(container, probe + ".httpGet.port")).as(probe).isEqualTo("http");
        }
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void requestsFitWithinLimits(ServiceSettings service) {
        Map<String, Object> container = KubernetesManifests.onlyContainer(manifests.workload(service.module()));
        for (String resource : List.of("cpu", "memory")) {
            assertThat(KubernetesManifests.quantity(Tree.at(container, "resources.requests." + resource)))
                    .as(resource)
                    .isPositive()
                    .isLessThanOrEqualTo(
                            KubernetesManifests.quantity(Tree.at(container, "resources.limits." + resource)));
        }
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void runsAsTheImagesNonRootUser(ServiceSettings service) {
        Map<String, Object> deployment = manifests.workload(service.module());
        assertThat(Tree.at(deployment, "spec.template.spec.securityContext.runAsNonRoot"))
                .isEqualTo(true);
        assertThat(Tree.at(deployment, "spec.template.spec.securityContext.runAsUser"))
                .isEqualTo(10001);
        Map<String, Object> container = KubernetesManifests.onlyContainer(deployment);
        assertThat(Tree.at(container, "securityContext.allowPrivilegeEscalation"))
                .isEqualTo(false);
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void podsAreAnnotatedForPrometheusScraping(ServiceSettings service) {
        Map<String, Object> annotations =
                Tree.mapAt(manifests.workload(service.module()), "spec.template.metadata.annotations");
        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(service.defaultPort()))
                .containsEntry("prometheus.io/path", "/actuator/prometheus");
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void setsOnlyEnvironmentVariablesTheServiceReadsAndTakesSecretsFromTheSecret(ServiceSettings service) {
        Map<String, Object> container = KubernetesManifests.onlyContainer(manifests.workload(service.module()));
        assertThat(manifests.environment(container).keySet())
                .isNotEmpty()
                .allSatisfy(name -> assertThat(service.reads(name))
                        .as("%s reads %s", service.module(), name)
                        .isTrue());
        for (Object entry : Tree.list(container.get("env"), "env")) {
            if (Tree.text(entry, "valueFrom.fieldRef.fieldPath") != null) {
                continue; // from the pod itself (its name), not configuration
            }
            String secret = Tree.text(entry, "valueFrom.secretKeyRef.name");
            String key = Tree.text(entry, "valueFrom.secretKeyRef.key");
            assertThat(secret)
                    .as("env %s comes from a Secret", Tree.text(entry, "name"))
                    .isNotNull();
            assertThat(Tree.mapAt(manifests.named("Secret", secret), "stringData"))
                    .containsKey(key);
        }
    }

    @Test
    void storeAndPipelineShareOneWebhookSecret() {
        Map<String, Object> store = KubernetesManifests.onlyContainer(manifests.workload("store-service"));
        Map<String, Object> pipeline = KubernetesManifests.onlyContainer(manifests.workload("pipeline-service"));
        assertThat(secretKeyOf(store, "MDS_FEEDBACK_WEBHOOK_SECRET"))
                .isEqualTo(secretKeyOf(pipeline, "MDP_FB_WEBHOOK_SECRET"));
        String secret = Tree.text(manifests.named("Secret", "marketflow-secrets"), "stringData.webhook-secret");
        assertThat(secret).matches("whsec_[A-Za-z0-9+/]+={0,2}");
    }

    @Test
    void servicesFindEachOtherThroughTheirKubernetesServices() {
        Map<String, String> store =
                manifests.environment(KubernetesManifests.onlyContainer(manifests.workload("store-service")));
        Map<String, String> pipeline =
                manifests.environment(KubernetesManifests.onlyContainer(manifests.workload("pipeline-service")));
        assertThat(store.get("MDS_FEEDBACK_ENABLE_HTTP_BROADCAST")).isEqualTo("true");
        assertServiceUrl(store.get("MDS_FEEDBACK_WEBHOOK_URL"), ServiceSettings.PIPELINE, "/feedback");
        assertServiceUrl(pipeline.get("MDP_STORE_URL"), ServiceSettings.STORE, "");
    }

    @Test
    void storeHasTimeToDrainItsQueueBeforeItIsKilled() {
        Map<String, Object> deployment = manifests.workload("store-service");
        Map<String, Object> container = KubernetesManifests.onlyContainer(deployment);
        int drain = Integer.parseInt(manifests
                .environment(container)
                .getOrDefault(
                        "MDS_SHUTDOWN_DRAIN_TIMEOUT_SEC",
                        ServiceSettings.STORE
                                .defaultOf("MDS_SHUTDOWN_DRAIN_TIMEOUT_SEC")
                                .orElseThrow()));
        List<Object> preStop = Tree.listAt(container, "lifecycle.preStop.exec.command");
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        int preStopSeconds = Integer.parseInt(String.valueOf(preStop.get(1)));
        int grace = (Integer) Tree.at(deployment, "spec.template.spec.terminationGracePeriodSeconds");
        // Spring may spend the drain timeout twice: finishing in-flight requests, then draining the queue.
        assertThat(grace).isGreaterThanOrEqualTo(preStopSeconds + 2 * drain + 10);
        assertThat(preStopSeconds).isPositive();
    }

    @Test
    void storeReplicaCountIsLeftToKeda() {
        assertThat(Tree.at(manifests.workload("store-service"), "spec.replicas"))
                .isNull();
        assertThat(Tree.at(manifests.workload("pipeline-service"), "spec.replicas"))
                .isEqualTo(1);
    }

    @Test
    void writesDeadLettersToAMountedVolume() {
        Map<String, Object> container = KubernetesManifests.onlyContainer(manifests.workload("store-service"));
        String dlq = manifests.environment(container).get("MDS_DLQ_DIR");
        assertThat(Tree.list(container.get("volumeMounts"), "volumeMounts"))
                .anySatisfy(mount -> assertThat(Tree.text(mount, "mountPath")).isEqualTo(dlq));
    }

    @Test
    void eachStoreReplicaKeepsItsJournalOnAVolumeClaimOfItsOwn() {
        Map<String, Object> store = manifests.workload("store-service");
        assertThat(store).containsEntry("kind", "StatefulSet");
        assertThat(Tree.text(store, "spec.serviceName")).isEqualTo("store-service");
        Map<String, Object> container = KubernetesManifests.onlyContainer(store);
        String journal = manifests.environment(container).get("MDS_JOURNAL_DIR");
        assertThat(journal).as("MDS_JOURNAL_DIR").isNotBlank();
        String volume = Tree.list(container.get("volumeMounts"), "volumeMounts").stream()
                .filter(mount -> journal.equals(Tree.text(mount, "mountPath")))
                .map(mount -> Tree.text(mount, "name"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted at MDS_JOURNAL_DIR " + journal));
        assertThat(Tree.listAt(store, "spec.volumeClaimTemplates")).anySatisfy(claim -> {
            assertThat(Tree.text(claim, "metadata.name")).isEqualTo(volume);
            assertThat(Tree.list(Tree.at(claim, "spec.accessModes"), "accessModes"))
                    .containsExactly("ReadWriteOnce");
            assertThat(KubernetesManifests.quantity(Tree.at(claim, "spec.resources.requests.storage")))
                    .isPositive();
        });
        assertThat(Tree.listAt(store, "spec.template.spec.volumes"))
                .as("the journal is not also an emptyDir volume")
                .noneSatisfy(v -> assertThat(Tree.text(v, "name")).isEqualTo(volume));
        assertThat(Tree.text(store, "spec.persistentVolumeClaimRetentionPolicy.whenScaled"))
                .isEqualTo("Retain");
    }

    @Test
    void kustomizeRendersTheManifests() {
        // Offline and optional: kubectl renders a kustomization without a cluster, but CI need not have it.
        Optional<Path> kubectl = Processes.onPath("kubectl");
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed");
        Processes.Result result =
                Processes.run(DeployFiles.repoRoot(), List.of(kubectl.get().toString(), "kustomize", "deploy/k8s"));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("kind: StatefulSet").contains("name: store-service");
    }

    private static String secretKeyOf(Map<String, Object> container, String variable) {
        return Tree.list(container.get("env"), "env").stream()
                .filter(e -> variable.equals(Tree.text(e, "name")))
                .map(e ->
                        Tree.text(e, "valueFrom.secretKeyRef.name") + "/" + Tree.text(e, "valueFrom.secretKeyRef.key"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(variable + " is not set from a Secret"));
    }

    private static void assertServiceUrl(String url, ServiceSettings target, String path) {
        URI uri = URI.create(url);
        assertThat(uri.getHost()).isEqualTo(target.module());
        assertThat(uri.getPort()).isEqualTo(target.defaultPort());
        assertThat(uri.getPath()).isEqualTo(path);
    }
}

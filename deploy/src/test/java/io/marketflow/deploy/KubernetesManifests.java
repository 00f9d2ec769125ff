package io.marketflow.deploy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Every document of the YAML files in deploy/k8s, with the look-ups the checks share. */
final class KubernetesManifests {

    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?");

    private static final List<String> WORKLOADS = List.of("Deployment", "StatefulSet");

    private final List<Map<String, Object>> documents = new ArrayList<>();

    KubernetesManifests() {
        for (Path file : DeployFiles.list("deploy/k8s", ".yaml")) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) {
                documents.addAll(DeployFiles.yamlDocuments(file));
            }
        }
    }

    List<Map<String, Object>> all() {
        return documents;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The workload (Deployment or StatefulSet) that runs {@code name}'s pods. */
    Map<String, Object> workload(String name) {
        return documents.stream()
                .filter(d -> WORKLOADS.contains(d.get("kind")))
                .filter(d -> name.equals(Tree.text(d, "metadata.name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment or StatefulSet named " + name + " in deploy/k8s"));
    }

    Map<String, Object> named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(d -> name.equals(Tree.text(d, "metadata.name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in deploy/k8s"));
    }

    static Map<String, Object> onlyContainer(Map<String, Object> deployment) {
        List<Object> containers = Tree.listAt(deployment, "spec.template.spec.containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container in " + Tree.text(deployment, "metadata.name"));
        }
        return Tree.map(containers.get(0), "container");
    }

    /** The environment a container gets: its ConfigMaps' keys (values known) and its env entries. */
    Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> environment = new LinkedHashMap<>();
        Object envFrom = container.get("envFrom");
        if (envFrom != null) {
            for (Object source : Tree.list(envFrom, "envFrom")) {
                String configMap = Tree.text(source, "configMapRef.name");
                if (configMap != null) {
                    Tree.mapAt(named("ConfigMap", configMap), "data")
                            .forEach((k, v) -> environment.put(k, String.valueOf(v)));
                }
                String secret = Tree.text(source, "secretRef.name");
                if (secret != null) {
                    Tree.mapAt(named("Secret", secret), "stringData").forEach((k, v) -> environment.put(k, null));
                }
            }
        }
        Object env = container.get("env");
        if (env != null) {
            for (Object entry : Tree.list(env, "env")) {
                environment.put(Tree.text(entry, "name"), Tree.text(entry, "value"));
            }
        }
        return environment;
    }

    /** A CPU or memory quantity in base units (cores, bytes). */
    static BigDecimal quantity(Object value) {
        Matcher matcher = QUANTITY.matcher(String.valueOf(Objects.requireNonNull(value, "quantity")));
        if (!matcher.matches()) {
            throw new AssertionError("not a Kubernetes quantity: " + value);
        }
        BigDecimal number = new BigDecimal(matcher.group(1));
        String suffix = matcher.group(2) == null ? "" : matcher.group(2);
        return switch (suffix) {
            case "" -> number;
            case "m" -> number.movePointLeft(3);
            case "k" -> number.movePointRight(3);
            case "M" -> number.movePointRight(6);
            case "G" -> number.movePointRight(9);
            case "T" -> number.movePointRight(12);
            case "Ki" -> number.multiply(BigDecimal.valueOf(1L << 10));
            case "Mi" -> number.multiply(BigDecimal.valueOf(1L << 20));
            case "Gi" -> number.multiply(BigDecimal.valueOf(1L << 30));
            case "Ti" -> number.multiply(BigDecimal.valueOf(1L << 40));
            default -> throw new AssertionError("unknown suffix " + suffix);
        };
    }
}

package io.marketflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Every metric name that a Grafana panel, a Prometheus rule or a KEDA trigger queries, as written in the
 * query: a histogram appears as {@code ..._bucket}, exactly the line name a scrape of /actuator/prometheus
 * shows. A test that scrapes the running services can assert that each of these names is exported, so a
 * renamed meter cannot leave a dashboard panel or an alert silently empty.
 *
 * <p>The PromQL reading is deliberately lexical: string literals, label matchers, ranges, grouping
 * clauses and Grafana variables are removed, and what remains that looks like an identifier and is not a
 * function call or a keyword is a metric name.
 */
public final class MetricNamesUsed {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GRAFANA_VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\[\\[[^\\]]*]]|\\$\\w+");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "inf",
            "nan",
            "atan2");

    private MetricNamesUsed() {}

    /** The metric names in one PromQL expression (Grafana variables such as $coordinator allowed). */
    public static Set<String> inExpression(String promql) {
        String text = STRINGS.matcher(promql).replaceAll(" ");
        text = text.replaceAll("#[^\\n]*", " ");
        text = GRAFANA_VARIABLES.matcher(text).replaceAll(" ");
        text = MATCHERS.matcher(text).replaceAll(" ");
        text = RANGES.matcher(text).replaceAll(" ");
        text = GROUPING.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find()) {
            String name = identifier.group();
            if (!KEYWORDS.contains(name) && !calledAsFunction(text, identifier.end())) {
                names.add(name);
            }
        }
        return names;
    }

    /** Names in every panel query and in the query variables ({@code label_values(metric, label)}). */
    public static Set<String> inDashboard(Path dashboardJson) {
        JsonNode dashboard = DeployFiles.json(dashboardJson);
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            names.addAll(inExpression(expr.asString()));
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asString("") : query.asString("");
            Matcher labelValues = LABEL_VALUES.matcher(text);
            if (labelValues.matches()) {
                names.addAll(inExpression(labelValues.group(1)));
            } else if (text.startsWith("query_result(")) {
                names.addAll(inExpression(text.substring("query_result(".length(), text.length() - 1)));
            }
        }
        return names;
    }

    /** Names in the {@code expr} of every alerting and recording rule of a Prometheus rule file. */
    public static Set<String> inRuleFile(Path ruleFile) {
        Set<String> names = new TreeSet<>();
        for (Object group : Tree.listAt(DeployFiles.yaml(ruleFile), "groups")) {
            for (Object rule : Tree.listAt(group, "rules")) {
                names.addAll(inExpression(Tree.text(rule, "expr")));
            }
        }
        return names;
    }

    /** Names in the queries of the prometheus triggers of KEDA ScaledObjects (one or more per file). */
    public static Set<String> inScaledObjects(Path manifest) {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> document : DeployFiles.yamlDocuments(manifest)) {
            if ("ScaledObject".equals(document.get("kind"))) {
                for (Object trigger : Tree.listAt(document, "spec.triggers")) {
                    if ("prometheus".equals(Tree.text(trigger, "type"))) {
                        names.addAll(inExpression(Tree.text(trigger, "metadata.query")));
                    }
                }
            }
        }
        return names;
    }

    /**
     * Everything the deploy directory queries: grafana/dashboards/*.json, prometheus/rules/*.yml and
     * keda/*.yaml.
     */
    public static Set<String> inDeployDirectory(Path deployDirectory) {
        Set<String> names = new TreeSet<>();
        for (Path dashboard : files(deployDirectory.resolve("grafana/dashboards"), ".json")) {
            names.addAll(inDashboard(dashboard));
        }
        for (Path rules : files(deployDirectory.resolve("prometheus/rules"), ".yml")) {
            names.addAll(inRuleFile(rules));
        }
        for (Path manifest : files(deployDirectory.resolve("keda"), ".yaml")) {
            names.addAll(inScaledObjects(manifest));
        }
        return Collections.unmodifiableSet(names);
    }

    /** {@link #inDeployDirectory} for this repository's deploy/ directory. */
    public static Set<String> inThisRepository() {
        return inDeployDirectory(DeployFiles.repoRoot().resolve("deploy"));
    }

    private static boolean calledAsFunction(String text, int end) {
        int i = end;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '(';
    }

    private static List<Path> files(Path directory, String suffix) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var stream = Files.list(directory)) {
            return stream.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

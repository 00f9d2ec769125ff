package io.marketflow.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each service reads from its environment and where it listens: the {@code ${NAME:default}}
 * placeholders of the service's own configuration file ({@code <module>.yml} or application.yml) and, for
 * the pipeline, the contract's list of names, whose per-provider families are matched by pattern.
 */
enum ServiceSettings {
    STORE("store-service", Set.of(), Set.of()),
    PIPELINE(
            "pipeline-service",
            Set.of(
                    "PORT",
                    "MDP_STORE_URL",
                    "MDP_FB_ENABLE_FEEDBACK",
                    "MDP_FB_PROVIDER_NAME",
                    "MDP_FB_WEBHOOK_SECRET",
                    "MDP_FB_POLICY",
                    "MDP_FB_STALE_AFTER_SEC",
                    "MDP_FEED_ENABLED"),
            Set.of(
                    Pattern.compile(
                            "MDP_RATE_[A-Z0-9]+_(CAPACITY|REFILL_RATE|COOLDOWN_SEC|BREAKER_THRESHOLD|BREAKER_TIMEOUT)"),
                    Pattern.compile("MDP_PROVIDER_[A-Z0-9]+_(KIND|SYMBOLS|TIMEFRAME|FILE|START|SEED|MODE)")));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private final String module;
    private final Set<String> contractNames;
    private final Set<Pattern> contractPatterns;

    ServiceSettings(String module, Set<String> contractNames, Set<Pattern> contractPatterns) {
        this.module = module;
        this.contractNames = contractNames;
        this.contractPatterns = contractPatterns;
    }

    /** The Maven module, which is also the compose service, Kubernetes Deployment and Service name. */
    String module() {
        return module;
    }

    /** Environment variable names placed in the configuration file as {@code ${NAME...}}. */
    Set<String> placeholderNames() {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(configurationFile());
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    boolean reads(String environmentVariable) {
        return placeholderNames().contains(environmentVariable)
                || contractNames.contains(environmentVariable)
                || contractPatterns.stream()
                        .anyMatch(p -> p.matcher(environmentVariable).matches());
    }

    /** The port the service listens on when PORT is not set. */
    int defaultPort() {
        return Integer.parseInt(defaultOf("PORT")
                .orElseThrow(() -> new AssertionError(module + ": server.port has no ${PORT:default}")));
    }

    /** The default written in the configuration file for a placeholder, if it has one. */
    Optional<String> defaultOf(String name) {
        Matcher matcher = PLACEHOLDER.matcher(configurationFile());
        while (matcher.find()) {
            if (matcher.group(1).equals(name) && matcher.group(2) != null) {
                return Optional.of(matcher.group(2));
            }
        }
        return Optional.empty();
    }

    static ServiceSettings of(String module) {
        for (ServiceSettings service : values()) {
            if (service.module.equals(module)) {
                return service;
            }
        }
        throw new IllegalArgumentException("not one of our services: " + module);
    }

    /** The service's own configuration file: named after the module where the services share a classpath. */
    private String configurationFile() {
        Path resources = DeployFiles.repoRoot().resolve(module).resolve("src/main/resources");
        for (String name : List.of(module + ".yml", "application.yml")) {
            if (Files.isRegularFile(resources.resolve(name))) {
                return DeployFiles.read(resources.resolve(name));
            }
        }
        throw new IllegalStateException("no " + module + ".yml or application.yml in " + resources);
    }
}

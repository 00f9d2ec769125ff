package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The services' Dockerfile, read instruction by instruction (no Docker engine here to build them). One file
 * builds both: each service's image is what the build argument {@code SERVICE} set to its module selects, the
 * stages its last stage is built from, with {@code ${SERVICE}} replaced as the build would.
 */
class DockerfileTests {

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\\S+)");

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void buildsWithTheWrapperOnAJdkAndRunsOnAJre(ServiceSettings service) {
        // The images pulled; the other stages start from a stage of this file.
        List<String> from = instructions(service, "FROM").stream()
                .filter(base -> base.contains(":"))
                .toList();
        assertThat(from).hasSize(2);
        assertThat(from.get(0))
                .matches("(eclipse-temurin:17-jdk\\S*|maven:\\S*(temurin|eclipse-temurin)-17\\S*) AS build");
        assertThat(from.get(1)).matches("eclipse-temurin:17-jre\\S*( AS \\S+)?");
        assertThat(instructions(service, "RUN"))
                .anySatisfy(run -> assertThat(run).contains("./mvnw").contains("-pl " + service.module()));
        assertThat(instructions(service, "COPY"))
                .anySatisfy(copy -> assertThat(copy).startsWith("--from=build"));
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void runsAsANumericNonRootUser(ServiceSettings service) {
        List<String> user = instructions(service, "USER");
        assertThat(user).hasSize(1);
        assertThat(user.get(0)).matches("\\d+(:\\d+)?");
        assertThat(Integer.parseInt(user.get(0).split(":")[0])).isPositive();
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void checksReadinessOnThePortItListensOn(ServiceSettings service) {
        int port = service.defaultPort();
        assertThat(instructions(service, "EXPOSE")).containsExactly(String.valueOf(port));
        assertThat(instructions(service, "ENV"))
                .anySatisfy(env -> assertThat(env).containsPattern("(^|\\s)PORT=" + port + "(\\s|$)"));
        List<String> healthcheck = instructions(service, "HEALTHCHECK");
        assertThat(healthcheck).hasSize(1);
        assertThat(healthcheck.get(0))
                .contains("/actuator/health/readiness")
                .contains("127.0.0.1/${PORT}")
                .contains("--start-period=");
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void setsOnlyEnvironmentVariablesTheServiceReads(ServiceSettings service) {
        List<String> names = new ArrayList<>();
        for (String env : instructions(service, "ENV")) {
            Matcher pair = ENV_PAIR.matcher(env);
            while (pair.find()) {
                names.add(pair.group(1));
            }
        }
        assertThat(names)
                .contains("PORT")
                .allSatisfy(name -> assertThat(service.reads(name))
                        .as("%s reads %s", service.module(), name)
                        .isTrue());
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void startsTheJvmAsPidOneSoItReceivesSigterm(ServiceSettings service) {
        List<String> entrypoint = instructions(service, "ENTRYPOINT");
        assertThat(entrypoint).hasSize(1);
        assertThat(entrypoint.get(0)).startsWith("[\"java\"").endsWith("\"-jar\", \"/app/app.jar\"]");
    }

    /**
     * The JVM options live in the module's {@code jvm.options}, the file {@code ./run.sh} and {@code bench/run.sh}
     * start the store with too; this JDK must accept every line of it (a typo would stop the image from starting).
     */
    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void startsTheJvmWithTheModulesOptionsFile(ServiceSettings service) {
        String options = service.module() + "/jvm.options";
        assertThat(instructions(service, "COPY")).contains("--chown=app:app " + options + " /app/jvm.options");
        assertThat(instructions(service, "ENTRYPOINT").get(0)).startsWith("[\"java\", \"@/app/jvm.options\",");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Processes.Result version =
                Processes.run(DeployFiles.repoRoot(), List.of(java, "@" + DeployFiles.file(options), "-version"));
        assertThat(version.exitCode()).as(version.output()).isZero();
    }

    @Test
    void runShStartsTheLocalSystemWithTheStoresOptionsFile() {
        assertThat(DeployFiles.read(DeployFiles.file("run.sh"))).contains("java @store-service/jvm.options ");
    }

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void keepsBuildOutputAndSecretsOutOfTheBuildContext(ServiceSettings service) {
        List<String> ignored = DeployFiles.read(DeployFiles.file("Dockerfile.dockerignore"))
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertThat(ignored).contains("**/target", ".git", ".env");
    }

    /**
     * The arguments of every instruction with this keyword in the stages the service's image is built from (in
     * file order), continuation lines joined.
     */
    private static List<String> instructions(ServiceSettings service, String keyword) {
        List<Stage> stages = stages(service);
        Set<String> used = new HashSet<>();
        Deque<Stage> pending = new ArrayDeque<>(List.of(stages.get(stages.size() - 1)));
        while (!pending.isEmpty()) {
            Stage stage = pending.pop();
            if (used.add(stage.name())) {
                for (Stage other : stages) {
                    if (stage.uses(other)) {
                        pending.push(other);
                    }
                }
            }
        }
        return stages.stream()
                .filter(stage -> used.contains(stage.name()))
                .flatMap(stage -> stage.instructions().stream())
                .filter(l -> l.startsWith(keyword + " "))
                .map(l -> l.substring(keyword.length() + 1))
                .toList();
    }

    /** A build stage: named after its {@code AS}, else after its position. */
    private record Stage(String name, List<String> instructions) {

        /** Starts from {@code other}, or copies from it. */
        boolean uses(Stage other) {
            String from = instructions.get(0).substring("FROM ".length()).split(" ")[0];
            return from.equals(other.name)
                    || instructions.stream().anyMatch(l -> l.startsWith("COPY --from=" + other.name + " "));
        }
    }

    /** The stages of the Dockerfile as built for this service; instructions before the first FROM are left out. */
    private static List<Stage> stages(ServiceSettings service) {
        List<Stage> stages = new ArrayList<>();
        List<String> current = null;
        for (String line : logicalLines()) {
            line = line.replace("${SERVICE}", service.module());
            if (line.startsWith("FROM ")) {
                current = new ArrayList<>();
                String[] words = line.split(" ");
                boolean named = words.length >= 4 && words[words.length - 2].equalsIgnoreCase("AS");
                stages.add(new Stage(named ? words[words.length - 1] : "#" + stages.size(), current));
            }
            if (current != null) {
                current.add(line);
            }
        }
        return stages;
    }

    private static List<String> logicalLines() {
        String text = DeployFiles.read(DeployFiles.file("Dockerfile"));
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.lines().toList()) {
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                logical.add(current.append(line).toString().strip().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return logical;
    }
}

package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The services' Dockerfiles, read instruction by instruction (no Docker engine here to build them). */
class DockerfileTests {

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\\S+)");

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void buildsWithTheWrapperOnAJdkAndRunsOnAJre(ServiceSettings service) {
        List<String> from = instructions(service, "FROM");
        assertThat(from).hasSize(2);
        assertThat(from.get(0))
                .matches("(eclipse-temurin:17-jdk\\S*|maven:\\S*(temurin|eclipse-temurin)-17\\S*) AS build");
        assertThat(from.get(1)).matches("eclipse-temurin:17-jre\\S*");
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
        List<String> healthcheck = instructions(service, "HEALTHCHECK");
        assertThat(healthcheck).hasSize(1);
        assertThat(healthcheck.get(0))
                .contains("/actuator/health/readiness")
                .contains("127.0.0.1/${PORT:-" + port + "}")
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

    @ParameterizedTest
    @EnumSource(ServiceSettings.class)
    void keepsBuildOutputAndSecretsOutOfTheBuildContext(ServiceSettings service) {
        List<String> ignored = DeployFiles.read(DeployFiles.file(service.module() + "/Dockerfile.dockerignore"))
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertThat(ignored).contains("**/target", ".git", ".env");
    }

    /** The arguments of every instruction with this keyword, continuation lines joined. */
    private static List<String> instructions(ServiceSettings service, String keyword) {
        String text = DeployFiles.read(DeployFiles.file(service.module() + "/Dockerfile"));
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
        return logical.stream()
                .filter(l -> l.startsWith(keyword + " "))
                .map(l -> l.substring(keyword.length() + 1))
                .toList();
    }
}

package io.marketflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * In the one-JVM run each service's log lines carry its own name: Spring Boot labels every line with the
 * name of the first application started in the JVM, so the pipeline's lines used to read {@code [store-service]}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServiceLogLabelIntegrationTests {

    @Test
    void eachServicesLinesAreLabelledWithItsOwnName(CapturedOutput output) {
        int storePort;
        int pipelinePort;
        try (LocalSystem system = LocalSystem.start(LocalSystem.Options.randomPorts())) {
            storePort = system.storePort();
            pipelinePort = system.pipelinePort();
        }
        List<String> lines = output.getOut().lines().toList();

        assertThat(linesWith(lines, "pipeline settings:"))
                .isNotEmpty()
                .allSatisfy(
                        line -> assertThat(line).contains("[pipeline-service]").doesNotContain("[store-service]"));
        assertThat(linesWith(lines, "Netty started on port " + pipelinePort))
                .as("Spring's own lines while the pipeline starts")
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("[pipeline-service]"));
        assertThat(linesWith(lines, "Netty started on port " + storePort))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("[store-service]"));
    }

    private static List<String> linesWith(List<String> lines, String text) {
        return lines.stream().filter(line -> line.contains(text)).toList();
    }
}

package io.marketflow.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Prometheus' promtool. Where it is not installed the calling test is skipped, except on CI
 * (CI=true), which must have it ({@code apt-get install prometheus}) and so fails instead.
 */
final class Promtool {

    private Promtool() {}

    /** Runs promtool and fails the test, showing its output, unless it exits with 0. */
    static String succeed(Path workingDirectory, List<String> arguments) {
        Processes.Result result = run(workingDirectory, arguments);
        if (result.exitCode() != 0) {
            fail("promtool " + String.join(" ", arguments) + " exited with " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result.output();
    }

    /** Runs promtool in the directory; the caller asserts on the result. */
    static Processes.Result run(Path workingDirectory, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(arguments);
        return Processes.run(workingDirectory, command);
    }

    private static Path binary() {
        Optional<Path> found = Processes.onPath("promtool");
        if (found.isEmpty()) {
            String message = "promtool is not on the PATH (Debian: apt-get install prometheus)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + "; CI must run these checks");
            }
            Assumptions.abort(message);
        }
        return found.get();
    }
}

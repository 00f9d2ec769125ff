package io.marketflow.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Starts and saves a flight recording in another JVM with {@code jcmd}, so only the measured run is profiled. */
final class Jfr {

    private static final String NAME = "bench";

    private Jfr() {}

    static void start(long pid) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=" + NAME, "settings=default");
    }

    static void dump(long pid, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=" + NAME, "filename=" + file.toAbsolutePath());
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        List<String> line = new java.util.ArrayList<>(List.of(jcmd, Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || output.contains("Exception")) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output.trim());
        }
    }
}

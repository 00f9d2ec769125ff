package io.marketflow.store.reliability;

import static org.awaitility.Awaitility.await;

import io.marketflow.store.StoreApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The store in a JVM of its own, started as {@code java -cp … StoreApplication --setting=value …} is, so that a test
 * can send it real signals: {@link #terminate()} is SIGTERM (as an orchestrator stops a pod), {@link #kill()} is
 * SIGKILL (a crash or the OOM killer). Its output goes to a log file.
 */
final class StoreProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private StoreProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the store with {@code settings} as command-line properties and waits until it is ready. */
    static StoreProcess start(Map<String, String> settings, Path log) throws IOException {
        return start(settings, log, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"));
    }

    /** As {@link #start(Map, Path)}, with these JVM options (a benchmark wants the full JIT). */
    static StoreProcess start(Map<String, String> settings, Path log, List<String> jvmOptions) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath(), StoreApplication.class.getName(), "--server.port=" + port));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        StoreProcess store = new StoreProcess(process, port, log);
        try {
            StoreHttp http = new StoreHttp(store.url());
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsMatching(e -> e instanceof UncheckedIOException)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "the store exited with " + process.exitValue() + ":\n" + store.log());
                        }
                        return http.get("/actuator/health/readiness").status() == 200;
                    });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return store;
    }

    String url() {
        return "http://localhost:" + port;
    }

    /** SIGTERM. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL. */
    void kill() {
        process.destroyForcibly();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the store did not exit within " + timeout);
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    // Surefire and failsafe may start the test JVM from a manifest-only jar; they then publish the real test
    // class path in surefire.test.class.path.
    private static String classpath() {
        String classpath = System.getProperty("surefire.test.class.path");
        if (classpath == null || classpath.isBlank()) {
            classpath = System.getProperty("java.class.path");
        }
        if (!classpath.contains("classes")) {
            throw new IllegalStateException("cannot find the store's classes on the class path " + classpath);
        }
        return classpath;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

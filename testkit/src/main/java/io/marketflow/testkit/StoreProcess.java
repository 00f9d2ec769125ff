package io.marketflow.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The store in a JVM of its own, so that a test can send it real signals ({@link #terminate()} is SIGTERM, as an
 * orchestrator stops a pod; {@link #kill()} is SIGKILL, a crash or the OOM killer) and a benchmark can read its
 * memory and CPU from {@code /proc/<pid>} apart from the load generator's. It is started from a main class on this
 * JVM's class path (tests) or from the executable jar (the benchmark), with its output in a log file, and
 * {@link Builder#start()} returns once its readiness probe answers 200. A JVM shutdown hook kills it, so that a
 * run stopped with Ctrl-C does not leave a store behind.
 */
public final class StoreProcess implements RunningStore {

    // Two minutes was not always enough for a store starting on a busy shared machine.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    // Generous: the first answers of a JVM that has just started, on a busy machine, can take seconds.
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient READINESS_CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    private final Duration stopGrace;
    private final Thread killOnExit;

    private StoreProcess(Process process, int port, Path log, Duration stopGrace) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.stopGrace = stopGrace;
        this.killOnExit = new Thread(process::destroyForcibly, "store-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** A store whose {@code main} is {@code mainClass}, on the class path of this JVM (the test class path). */
    public static Builder ofMainClass(String mainClass) {
        return new Builder(List.of("-cp", classpath(), mainClass));
    }

    /** A store from its executable jar. */
    public static Builder ofJar(Path jar) {
        return new Builder(List.of("-jar", jar.toString()));
    }

    @Override
    public String url() {
        return "http://localhost:" + port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL. */
    public void kill() {
        process.destroyForcibly();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the store did not exit within " + timeout);
        }
        return process.exitValue();
    }

    /** Everything the store has written to its standard output and error so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the store if it still runs: SIGTERM and up to the builder's {@link Builder#stopGrace stop grace} to
     * drain and exit, then SIGKILL (at once when the grace is zero).
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is about to kill it anyway
        }
        try {
            if (process.isAlive() && !stopGrace.isZero()) {
                process.destroy();
                process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the store's readiness probe answers 200 now (false while it is not listening). */
    public boolean isReady() {
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
                .timeout(PROBE_TIMEOUT)
                .build();
        return HttpChecks.answers(READINESS_CLIENT, readiness, 200);
    }

    private void awaitReady() {
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the store exited with " + process.exitValue() + ":\n" + tail(log(), 20_000));
                }
                return isReady();
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "the store was not ready within " + START_TIMEOUT + ":\n" + tail(log(), 20_000), e);
        }
    }

    private static String tail(String text, int chars) {
        return text.length() <= chars ? text : "…" + text.substring(text.length() - chars);
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

    /** How to start one store; {@link #start()} may be called again for another store with the same settings. */
    public static final class Builder {

        private final List<String> launch;
        private List<String> jvmOptions = List.of();
        private Map<String, String> arguments = Map.of();
        private Map<String, String> environment = Map.of();
        private int port;
        private Path log;
        private Duration stopGrace = Duration.ZERO;

        private Builder(List<String> launch) {
            this.launch = launch;
        }

        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Settings passed on the command line, {@code --name=value}. */
        public Builder arguments(Map<String, String> settings) {
            this.arguments = new LinkedHashMap<>(settings);
            return this;
        }

        /** Settings passed as environment variables. */
        public Builder environment(Map<String, String> settings) {
            this.environment = new LinkedHashMap<>(settings);
            return this;
        }

        /** The port to listen on (it goes in {@code PORT}); 0, the default, picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Where the store's output goes; required. */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        /**
         * How long {@link StoreProcess#close()} lets the store drain after SIGTERM before it kills it. Zero, the
         * default, kills it at once: a test that wants a graceful stop says so with {@link #terminate()}.
         */
        public Builder stopGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("the stop grace must not be negative: " + grace);
            }
            this.stopGrace = grace;
            return this;
        }

        /** Starts the store and waits until it is ready; a store that exits or is not ready in three minutes fails it. */
        public StoreProcess start() throws IOException {
            if (log == null) {
                throw new IllegalStateException("a store process needs a log file");
            }
            int listen = port == 0 ? freePort() : port;
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(launch);
            command.addAll(RunningStore.arguments(arguments));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("PORT", Integer.toString(listen));
            StoreProcess store = new StoreProcess(builder.start(), listen, log, stopGrace);
            try {
                store.awaitReady();
            } catch (RuntimeException e) {
                store.kill();
                store.close();
                throw e;
            }
            return store;
        }
    }
}

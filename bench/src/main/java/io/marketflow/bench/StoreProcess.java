package io.marketflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The store as its own JVM, started from its executable jar, so that its memory and CPU can be read from
 * {@code /proc/<pid>} apart from the load generator's. Closing it sends SIGTERM (the store drains), then kills
 * it if it has not exited within 30 s.
 */
final class StoreProcess implements RunningStore {

    private final Process process;
    private final URI base;
    private final Thread killOnExit;

    private StoreProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
        // A benchmark stopped with Ctrl-C must not leave a store running.
        this.killOnExit = new Thread(process::destroyForcibly, "store-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    static StoreProcess start(Path jar, List<String> jvmOptions, Map<String, String> environment, int port, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        StoreProcess store = new StoreProcess(builder.start(), URI.create("http://127.0.0.1:" + port));
        try {
            // -Dbench.store-startup-seconds=N for a machine so busy that the store needs longer to start
            store.awaitUp(Duration.ofSeconds(Long.getLong("bench.store-startup-seconds", 120)), log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public URI ingest() {
        return base.resolve("/ingest");
    }

    private void awaitUp(Duration timeout, Path log) throws IOException, InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(base.resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the store exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the store did not report UP within " + timeout + "; see " + log);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is about to kill it anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

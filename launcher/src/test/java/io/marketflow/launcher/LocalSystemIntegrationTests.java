package io.marketflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-command local run: database, store and pipeline come up wired to each other, and stop cleanly. */
class LocalSystemIntegrationTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void syntheticFeedFlowsThroughTheStoreIntoTheDatabase() throws Exception {
        Map<String, String> fastFeed = Map.of("MDP_RATE_IBKR_REFILL_RATE", "500", "MDP_RATE_IBKR_CAPACITY", "100");
        try (LocalSystem system = LocalSystem.start(
                LocalSystem.Options.randomPorts().withFeed(true).withPipeline(fastFeed))) {
            assertThat(get(system.storePort(), "/actuator/health")).contains("\"status\":\"UP\"");
            assertThat(get(system.pipelinePort(), "/actuator/health")).contains("\"status\":\"UP\"");
            assertThat(get(system.pipelinePort(), "/")).contains("<title>marketflow");
            assertThat(get(system.storePort(), "/"))
                    .as("only the pipeline serves the dashboard")
                    .doesNotContain("<html");

            String url = system.database().jdbcUrl("market_data");
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(url, system) >= 200);
            // The store's signed feedback reaches the pipeline over HTTP.
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> get(system.pipelinePort(), "/rates").contains("\"bars-coord\""));
        }
    }

    @Test
    void closingStopsEverythingIncludingPostgres() throws Exception {
        int databasePort;
        try (LocalSystem system = LocalSystem.start(LocalSystem.Options.randomPorts())) {
            databasePort = system.database().port();
            assertThat(listening(databasePort)).isTrue();
        }
        assertThat(listening(databasePort)).isFalse();
    }

    @Test
    void ctrlCOnTheRunCommandLeavesNoProcessBehind(@TempDir Path dir) throws Exception {
        File jar = Path.of("target/launcher-0.1.0-SNAPSHOT-exec.jar").toFile();
        assertThat(jar).as("packaged before integration tests").exists();
        Path log = dir.resolve("run.log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.getAbsolutePath(),
                        "--store-port=0",
                        "--pipeline-port=0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(dir.toFile())
                .start();
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> Files.readString(log).contains("marketflow is running"));
            // pg_ctl detaches the server from the JVM, so it is found by its port, not as a child process.
            java.util.regex.Matcher port = java.util.regex.Pattern.compile("jdbc:postgresql://localhost:(\\d+)/")
                    .matcher(Files.readString(log));
            assertThat(port.find()).isTrue();
            int databasePort = Integer.parseInt(port.group(1));
            assertThat(listening(databasePort)).isTrue();
            List<ProcessHandle> children = process.descendants().toList();

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .start()
                    .waitFor();

            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("exits on Ctrl-C")
                    .isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            await().atMost(Duration.ofSeconds(10)).until(() -> !listening(databasePort));
            assertThat(Files.readString(log)).contains("stopping pipeline, draining store, stopping PostgreSQL");
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private String get(int port, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static long rows(String url, LocalSystem system) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        url, system.database().user(), system.database().password());
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM bars")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

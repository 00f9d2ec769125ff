package io.marketflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.devdb.EmbeddedDatabase;
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
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-command local run: database, store and pipeline come up wired to each other, and stop cleanly. */
class LocalSystemIntegrationTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void syntheticFeedFlowsThroughTheStoreIntoTheDatabase() throws Exception {
        // Backfill: six hours of history at once (live mode sends two bars a minute).
        Map<String, String> fastFeed = Map.of(
                "MDP_RATE_IBKR_REFILL_RATE", "500",
                "MDP_RATE_IBKR_CAPACITY", "100",
                "MDP_PROVIDER_IBKR_MODE", "backfill");
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

    /**
     * Ctrl-C with bars still queued behind a slow database: the pipeline stops, the store drains every one of
     * them into PostgreSQL, then PostgreSQL stops, within seconds, and nothing is dead-lettered or left running.
     * The embedded database's own shutdown hook once raced the drain here.
     */
    @Test
    void ctrlCDrainsTheQueuedBarsIntoTheDatabaseBeforeStoppingIt(@TempDir Path dir) throws Exception {
        File jar = Path.of("target/launcher-0.1.0-SNAPSHOT-exec.jar").toFile();
        assertThat(jar).as("packaged before integration tests").exists();
        Path log = dir.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        // As ./run.sh starts it: the store's shipped JVM options (heap cap included).
                        "@" + Path.of("../store-service/jvm.options").toAbsolutePath(),
                        "-jar",
                        jar.getAbsolutePath(),
                        "--store-port=0",
                        "--pipeline-port=0",
                        "--no-feed")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(dir.toFile());
        // Small batches behind a slow statement trigger: seconds of queued work at the signal. A drain deadline
        // far above the wait below, so that a drain stuck on a stopped database fails the test instead of
        // quietly dead-lettering at the deadline.
        builder.environment().put("MDS_COORDINATOR_BATCH_SIZE", "250");
        builder.environment().put("MDS_SHUTDOWN_DRAIN_TIMEOUT_SEC", "300");
        Process process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> Files.readString(log).contains("marketflow is running"));
            Matcher banner = Pattern.compile(
                            "store +http://localhost:(\\d+)[\\s\\S]*jdbc:postgresql://localhost:(\\d+)/")
                    .matcher(Files.readString(log));
            assertThat(banner.find()).isTrue();
            int storePort = Integer.parseInt(banner.group(1));
            int databasePort = Integer.parseInt(banner.group(2));
            assertThat(listening(databasePort)).isTrue();
            String url = "jdbc:postgresql://localhost:" + databasePort + "/market_data";
            slowDownBarWrites(url, 0.5);
            List<ProcessHandle> children = process.descendants().toList();

            int sent = 0;
            for (int request = 0; request < 20; request++) {
                assertThat(post(storePort, "/ingest", bars(request * 250, 250)))
                        .as("request %d acknowledged", request)
                        .isEqualTo(202);
                sent += 250;
            }
            assertThat(queueDepth(storePort))
                    .as("bars still queued at the signal")
                    .isPositive();

            long signalled = System.nanoTime();
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .start()
                    .waitFor();

            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("exits on Ctrl-C once drained")
                    .isTrue();
            long stoppedAfterMs = (System.nanoTime() - signalled) / 1_000_000;
            await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            await().atMost(Duration.ofSeconds(10)).until(() -> !listening(databasePort));
            String output = Files.readString(log);
            assertThat(output)
                    .contains("stopping pipeline, draining store, stopping PostgreSQL")
                    .contains("marketflow: stopped");
            assertThat(deadLetterFiles(dir.resolve(".dlq"))).as("dead-lettered").isEmpty();

            // The local database is kept in the working folder: open it again and count.
            try (EmbeddedDatabase database = EmbeddedDatabase.start(0, dir.resolve("data/postgres"), false)) {
                assertThat(rows(database.jdbcUrl("market_data"), database))
                        .as(
                                "every acknowledged bar is in the database (stopped %d ms after the signal)",
                                stoppedAfterMs)
                        .isEqualTo(sent);
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static void slowDownBarWrites(String url, double seconds) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement statement = c.createStatement()) {
            statement.execute("CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN PERFORM pg_sleep(" + seconds + "); RETURN NULL; END $$");
            statement.execute(
                    "CREATE TRIGGER slow_down BEFORE INSERT ON bars FOR EACH STATEMENT EXECUTE FUNCTION slow_down()");
        }
    }

    private static String bars(int first, int count) {
        Instant start = Instant.parse("2025-10-15T00:00:00Z");
        StringBuilder body = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            body.append("{\"symbol\":\"CTRLC\",\"timeframe\":\"1m\",\"ts\":\"")
                    .append(start.plusSeconds(60L * i))
                    .append("\",\"open\":10,\"high\":11,\"low\":9,\"close\":10.5,\"volume\":1}\n");
        }
        return body.toString();
    }

    private int post(int port, String path, String ndjson) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private double queueDepth(int storePort) throws Exception {
        Matcher depth = Pattern.compile(
                        "(?m)^coordinator_queue_depth\\{[^}]*coordinator_id=\"bars-coord\"[^}]*} (\\S+)$")
                .matcher(get(storePort, "/actuator/prometheus"));
        assertThat(depth.find()).as("queue depth exported").isTrue();
        return Double.parseDouble(depth.group(1));
    }

    private static List<Path> deadLetterFiles(Path directory) throws Exception {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.toList();
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
        return rows(url, system.database());
    }

    private static long rows(String url, EmbeddedDatabase database) throws Exception {
        try (Connection c = DriverManager.getConnection(url, database.user(), database.password());
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

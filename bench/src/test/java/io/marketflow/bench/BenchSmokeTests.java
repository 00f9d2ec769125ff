package io.marketflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.devdb.EmbeddedDatabase;
import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.StoreApplication;
import io.marketflow.testkit.RunningStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole harness on a few thousand rows against the embedded PostgreSQL and a store started in this JVM:
 * proves every method runs and reports, not how fast (benchmarks never fail a build for being slow).
 */
class BenchSmokeTests {

    @TempDir
    Path workDir;

    @Test
    void everyMethodWritesEveryRowAndLandsInTheReport() throws Exception {
        EmbeddedDatabase server = SharedTestDatabase.server();
        Database database = new Database(
                new PgServer(server.host(), server.port(), server.user(), server.password()),
                server.createDatabase("bench_smoke"));
        database.create();
        BenchOptions options = BenchOptions.parse(
                "--rows",
                "3000",
                "--symbols",
                "50",
                "--warmup-rows",
                "500",
                "--workers",
                "2",
                "--batch",
                "200",
                "--big-batch",
                "1000",
                "--connections",
                "2",
                "--bars-per-request",
                "250",
                "--rate-seconds",
                "1",
                "--psql",
                "none",
                "--no-write");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        Benchmark benchmark = new Benchmark(
                options,
                database,
                BenchSmokeTests::storeInThisJvm,
                workDir,
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        Report report = benchmark.run();
        report.postgresWaits(benchmark.postgresWaits());

        String markdown = report.markdown(MachineInfo.read(), database.version(), database.settings());
        assertThat(markdown)
                .contains("| (a) COPY append |", "| (b) COPY + upsert |", "| (b) upsert, keys exist |")
                .contains("| (c) JDBC batch upsert |", "| (d) store sink, no HTTP |")
                .contains("| (http) store, JSON |", "| (http) store, NDJSON |", "| (http) at 20% of max |")
                .contains("HTTP ingest (JSON), committed:", "p99 at 20% of the maximum rate")
                .contains("shared_buffers=")
                .contains("### PostgreSQL's backends by wait event", "| wait event | share of active backends |");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("bars/s");
        assertThat(database.count())
                .as("the table is left empty for the next method")
                .isZero();
    }

    private static RunningStore storeInThisJvm(Map<String, String> settings) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> args = new ArrayList<>(RunningStore.arguments(settings));
        args.add("--PORT=" + port);
        ConfigurableApplicationContext context = StoreApplication.application().run(args.toArray(String[]::new));
        return new RunningStore() {
            @Override
            public String url() {
                return "http://127.0.0.1:" + port;
            }

            @Override
            public long pid() {
                return ProcessHandle.current().pid();
            }

            @Override
            public void close() {
                context.close();
            }
        };
    }
}

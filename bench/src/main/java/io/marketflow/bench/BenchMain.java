package io.marketflow.bench;

import io.marketflow.devdb.EmbeddedDatabase;
import io.marketflow.testkit.RunningStore;
import io.marketflow.testkit.StoreProcess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's command line: connects to the given PostgreSQL (or starts the embedded one), runs every method
 * (see {@link Benchmark}), prints the tables and writes the report to {@code bench/results/}. Usage: {@link
 * BenchOptions#USAGE}.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        EmbeddedDatabase embedded = null;
        PgServer server;
        String label = options.pgLabel();
        if (options.pgPort() == 0) {
            System.out.println("[bench] no --pg-port: starting the embedded PostgreSQL");
            embedded = EmbeddedDatabase.start(0, null);
            server = new PgServer(embedded.host(), embedded.port(), embedded.user(), embedded.password());
            label = label.isEmpty() ? "embedded (zonky binaries, its default settings)" : label;
        } else {
            server = new PgServer(options.pgHost(), options.pgPort(), options.pgUser(), options.pgPassword());
        }
        Path workDir = Files.createTempDirectory("marketflow-bench");
        try {
            Database database = new Database(server, options.database());
            database.create();
            MachineInfo machine = MachineInfo.read();
            Benchmark benchmark =
                    new Benchmark(options, database, storeLauncher(options, workDir), workDir, System.out);
            Report report = benchmark.run();
            report.profile(benchmark.profile());
            report.storeThreads(benchmark.storeThreads());
            report.postgresWaits(benchmark.postgresWaits());
            report.setup("1-minute load average before each measurement: " + benchmark.loadRange()
                    + " (on 2 cores the harness itself accounts for up to ~2).");
            String postgres = database.version() + (label.isEmpty() ? "" : ", " + label);
            String markdown = report.markdown(machine, postgres, database.settings());
            System.out.println();
            System.out.println(report.tables());
            System.out.println(benchmark.storeThreads());
            System.out.println(benchmark.postgresWaits());
            if (!benchmark.profile().isEmpty()) {
                System.out.println(benchmark.profile());
            }
            if (options.write()) {
                System.out.println("[bench] report: " + write(options.results(), markdown));
            }
            if (!options.jfr()) {
                deleteTree(workDir); // on failure it stays, with the store's logs
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    static RunningStore.Launcher storeLauncher(BenchOptions options, Path workDir) throws java.io.IOException {
        if (!options.storeUrl().isEmpty()) {
            URI ingest = URI.create(options.storeUrl()).resolve("/ingest");
            return settings -> new RunningStore() {
                @Override
                public String url() {
                    return ingest.resolve("/").toString().replaceFirst("/$", "");
                }

                @Override
                public URI ingest() {
                    return ingest;
                }

                @Override
                public long pid() {
                    return options.storePid();
                }

                @Override
                public void close() {
                    // not ours to stop
                }
            };
        }
        if (!Files.isRegularFile(options.storeJar())) {
            return settings -> {
                throw new IllegalStateException(
                        "no store jar at " + options.storeJar().toAbsolutePath()
                                + ": build it (./mvnw -B -q package -DskipTests -pl store-service -am) or pass --store-jar");
            };
        }
        // A private copy: a rebuild of the store during the run must not change the jar under a starting JVM.
        Path jar = workDir.resolve("store.jar");
        Files.copy(options.storeJar(), jar);
        AtomicInteger started = new AtomicInteger();
        return settings -> {
            Map<String, String> environment = new HashMap<>(settings);
            Path log = workDir.resolve("store-" + started.incrementAndGet() + ".log");
            return StoreProcess.ofJar(jar)
                    .jvmOptions(options.storeJvmOptions())
                    .environment(environment)
                    .port(options.storePort())
                    .log(log)
                    .stopGrace(Duration.ofSeconds(30)) // the store drains what it has queued first
                    .start();
        };
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Writes the run's file and makes it the latest in README.md; returns the run's file. */
    static Path write(Path results, String markdown) throws Exception {
        Files.createDirectories(results);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        Path run = results.resolve("ingest-" + stamp + ".md");
        Files.writeString(run, markdown, StandardCharsets.UTF_8);
        StringBuilder readme = new StringBuilder("# Benchmark results\n\n");
        readme.append(
                        "`bench/run.sh` writes one file per ingest run here (`ingest-<date>.md`); the latest is copied below.")
                .append(" What the numbers mean and what limits the store: [ingest-findings.md](ingest-findings.md).")
                .append(" Other measurements in this folder:\n\n");
        try (var files = Files.list(results)) {
            for (Path other : files.sorted().toList()) {
                String name = other.getFileName().toString();
                if (name.endsWith(".md") && !name.equals("README.md") && !name.startsWith("ingest-")) {
                    String title = Files.readAllLines(other).stream()
                            .filter(line -> line.startsWith("# "))
                            .findFirst()
                            .map(line -> line.substring(2))
                            .orElse(name);
                    readme.append("- [")
                            .append(name)
                            .append("](")
                            .append(name)
                            .append("): ")
                            .append(title)
                            .append('\n');
                }
            }
        }
        readme.append("\nLatest ingest run: [")
                .append(run.getFileName())
                .append("](")
                .append(run.getFileName())
                .append(")\n\n");
        readme.append(markdown.replaceFirst("^# ", "## ").replaceAll("(?m)^### ", "#### "));
        Files.writeString(results.resolve("README.md"), readme.toString(), StandardCharsets.UTF_8);
        return run;
    }
}

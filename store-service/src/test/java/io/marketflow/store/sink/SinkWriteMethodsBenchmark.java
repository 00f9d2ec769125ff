package io.marketflow.store.sink;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.coordinator.BatchSink;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import reactor.core.publisher.Mono;

/**
 * Rows per second of each {@link WriteMethod}, one writer, on the embedded PostgreSQL: into an empty table,
 * then again over the same keys (every row an update). Not a test: run it with {@code bench/sink/run.sh}.
 * Rounds interleave the methods so that noise from a shared machine falls on both alike; the median counts.
 */
public final class SinkWriteMethodsBenchmark {

    private static final Instant T0 = Instant.parse("2025-01-02T14:30:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Wall-clock rate, and CPU spent per row by this JVM and by the PostgreSQL backend serving the pool. */
    private record Measurement(double rowsPerSecond, double jvmMicrosPerRow, double pgMicrosPerRow) {}

    private record Kind<T>(Table<T> table, int rows, IntFunction<IntFunction<T>> itemsOfVersion) {

        BatchSink<T> sink(ConnectionFactory connections, WriteMethod method) {
            return new UpsertSink<>(table.name(), table, connections, TIMEOUT, method);
        }
    }

    public static void main(String[] args) throws Exception {
        int bars = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int others = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int writers = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        boolean concurrentOnly = args.length > 4 && args[4].equals("--concurrent-only");
        try (SinkTestDatabase database = SinkTestDatabase.create()) {
            System.out.printf(
                    Locale.ROOT,
                    "cores=%d java=%s%n",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            System.out.println("| kind | rows | batch | method | empty table rows/s | CPU µs/row JVM+PG"
                    + " | all keys present rows/s | CPU µs/row JVM+PG |");
            System.out.println("|---|---:|---:|---|---:|---:|---:|---:|");
            Kind<Bar> barKind = new Kind<>(Tables.BARS, bars, SinkWriteMethodsBenchmark::bar);
            warmUp(database, barKind);
            if (concurrentOnly) {
                runConcurrently(barKind, 500, writers, rounds);
                System.exit(0);
            }
            for (int batch : new int[] {500, 1000, 5000}) {
                run(database, barKind, batch, rounds);
            }
            if (others > 0) {
                run(
                        database,
                        new Kind<>(Tables.OPTION_SNAPSHOTS, others, SinkWriteMethodsBenchmark::option),
                        1000,
                        rounds);
                run(
                        database,
                        new Kind<>(Tables.FUNDAMENTALS, others, SinkWriteMethodsBenchmark::fundamentals),
                        1000,
                        rounds);
                run(database, new Kind<>(Tables.NEWS, others, SinkWriteMethodsBenchmark::news), 1000, rounds);
            }
            if (writers > 0) {
                runConcurrently(barKind, 500, writers, rounds);
            }
        }
        System.exit(0);
    }

    private static <T> void warmUp(SinkTestDatabase database, Kind<T> kind) throws Exception {
        Kind<T> small = new Kind<>(kind.table(), 20_000, kind.itemsOfVersion());
        for (WriteMethod method : WriteMethod.values()) {
            database.execute("TRUNCATE " + kind.table().name());
            write(database, small, method, 1000, 1);
            write(database, small, method, 1000, 2);
        }
    }

    private static <T> void run(SinkTestDatabase database, Kind<T> kind, int batch, int rounds) throws Exception {
        Rounds<Measurement> measured =
                rounds(database, kind, rounds, (method, version) -> write(database, kind, method, batch, version));
        printRows(measured, SinkWriteMethodsBenchmark::summary, kind.table().name(), kind.rows(), batch);
    }

    /** One measurement of writing every row at a version (1: into the emptied table, 2: over the same keys). */
    @FunctionalInterface
    private interface Measure<R> {
        R write(WriteMethod method, int version) throws Exception;
    }

    /** Each method's measurements, one per round, into an empty table and then over every key present. */
    private record Rounds<R>(Map<WriteMethod, List<R>> inserts, Map<WriteMethod, List<R>> updates) {}

    private static <R> Rounds<R> rounds(SinkTestDatabase database, Kind<?> kind, int rounds, Measure<R> measure)
            throws Exception {
        Rounds<R> measured = new Rounds<>(new EnumMap<>(WriteMethod.class), new EnumMap<>(WriteMethod.class));
        for (int round = 0; round < rounds; round++) {
            for (WriteMethod method : WriteMethod.values()) {
                database.execute("TRUNCATE " + kind.table().name());
                database.execute("CHECKPOINT");
                measured.inserts()
                        .computeIfAbsent(method, m -> new ArrayList<>())
                        .add(measure.write(method, 1));
                measured.updates()
                        .computeIfAbsent(method, m -> new ArrayList<>())
                        .add(measure.write(method, 2));
            }
        }
        return measured;
    }

    /** One Markdown table row per method: the {@code leading} cells, the method, then its inserts and updates. */
    private static <R> void printRows(Rounds<R> measured, Function<List<R>, String> cell, Object... leading) {
        for (WriteMethod method : WriteMethod.values()) {
            List<String> cells = new ArrayList<>();
            Arrays.stream(leading).map(String::valueOf).forEach(cells::add);
            cells.add(method.toString());
            cells.add(cell.apply(measured.inserts().get(method)));
            cells.add(cell.apply(measured.updates().get(method)));
            System.out.println("| " + String.join(" | ", cells) + " |");
        }
    }

    /** As the coordinator runs them: {@code writers} workers sharing one sink and a pool of as many connections. */
    private static void runConcurrently(Kind<Bar> kind, int batch, int writers, int rounds) throws Exception {
        try (SinkTestDatabase database = SinkTestDatabase.create(writers)) {
            System.out.println();
            System.out.println(
                    "| kind | rows | batch | writers | method | empty table rows/s | all keys present rows/s |");
            System.out.println("|---|---:|---:|---:|---|---:|---:|");
            Rounds<Double> measured = rounds(
                    database,
                    kind,
                    rounds,
                    (method, version) -> writeConcurrently(database, kind, method, batch, version, writers));
            printRows(
                    measured,
                    values -> String.format(Locale.ROOT, "%,.0f", median(values)),
                    kind.table().name(),
                    kind.rows(),
                    batch,
                    writers);
        }
    }

    private static <T> double writeConcurrently(
            SinkTestDatabase database, Kind<T> kind, WriteMethod method, int batch, int version, int writers)
            throws Exception {
        List<List<T>> batches = batches(kind, batch, version);
        BatchSink<T> sink = kind.sink(database.connections(), method);
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(writers);
        try {
            long started = System.nanoTime();
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        sink.write(batches.get(i));
                    }
                    return null;
                }));
            }
            for (Future<Void> writer : done) {
                writer.get();
            }
            return kind.rows() / ((System.nanoTime() - started) / 1e9);
        } finally {
            workers.shutdown();
        }
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static <T> List<List<T>> batches(Kind<T> kind, int batch, int version) {
        IntFunction<T> items = kind.itemsOfVersion().apply(version);
        List<List<T>> batches = new ArrayList<>();
        for (int start = 0; start < kind.rows(); start += batch) {
            List<T> rows = new ArrayList<>(batch);
            for (int i = start; i < Math.min(kind.rows(), start + batch); i++) {
                rows.add(items.apply(i));
            }
            batches.add(rows);
        }
        return batches;
    }

    /** Writes every row of {@code kind} at {@code version}; rows are built beforehand, outside the clock. */
    private static <T> Measurement write(
            SinkTestDatabase database, Kind<T> kind, WriteMethod method, int batch, int version) throws Exception {
        List<List<T>> batches = batches(kind, batch, version);
        BatchSink<T> sink = kind.sink(database.connections(), method);
        int backend = backendPid(database);
        long jvmCpu = JVM.getProcessCpuTime();
        long pgCpu = cpuNanosOf(backend);
        long started = System.nanoTime();
        for (List<T> rows : batches) {
            sink.write(rows);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (backendPid(database) != backend) {
            throw new IllegalStateException("the pool changed connections; the backend CPU time is not comparable");
        }
        return new Measurement(
                kind.rows() / seconds,
                (JVM.getProcessCpuTime() - jvmCpu) / 1e3 / kind.rows(),
                (cpuNanosOf(backend) - pgCpu) / 1e3 / kind.rows());
    }

    private static final com.sun.management.OperatingSystemMXBean JVM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private static int backendPid(SinkTestDatabase database) {
        return Mono.usingWhen(
                        database.connections().create(),
                        connection -> Mono.from(connection
                                        .createStatement("SELECT pg_backend_pid()")
                                        .execute())
                                .flatMap(result -> Mono.from(result.map(row -> row.get(0, Integer.class)))),
                        Connection::close)
                .block();
    }

    /** utime + stime of a process, from /proc (Linux), in nanoseconds. */
    private static long cpuNanosOf(int pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private static String summary(List<Measurement> rounds) {
        Measurement median = rounds.stream()
                .sorted(Comparator.comparingDouble(Measurement::rowsPerSecond))
                .toList()
                .get(rounds.size() / 2);
        double[] jvm = rounds.stream()
                .mapToDouble(Measurement::jvmMicrosPerRow)
                .sorted()
                .toArray();
        double[] pg = rounds.stream()
                .mapToDouble(Measurement::pgMicrosPerRow)
                .sorted()
                .toArray();
        return String.format(
                Locale.ROOT, "%,.0f | %.1f + %.1f", median.rowsPerSecond(), jvm[jvm.length / 2], pg[pg.length / 2]);
    }

    /** 500 symbols × consecutive minutes, as a feed of 1m bars would send them. */
    static IntFunction<Bar> bar(int version) {
        return i -> {
            double price = 100 + (i % 97) + version * 0.01;
            return new Bar(
                    "SYM" + (i % 500),
                    "1m",
                    T0.plusSeconds(60L * (i / 500)),
                    price,
                    price + 1,
                    price - 1,
                    price + 0.5,
                    1000.0 + i,
                    price + 0.2,
                    (long) i,
                    "synthetic");
        };
    }

    private static IntFunction<OptionSnapshot> option(int version) {
        return i -> new OptionSnapshot(
                "SYM" + (i % 50),
                LocalDate.of(2025, 12, 19),
                100.0 + (i / 50 % 40),
                (i / 2000) % 2 == 0 ? "C" : "P",
                T0.plusSeconds(i / 4000),
                1.0 + version,
                1.1 + version,
                1.05,
                0.3,
                0.5,
                0.01,
                1000L + i,
                (long) version);
    }

    private static IntFunction<Fundamentals> fundamentals(int version) {
        return i -> new Fundamentals(
                "SYM" + (i % 500),
                LocalDate.of(2000, 1, 1).plusDays(i / 500),
                1e12 + version,
                25.0,
                5.5,
                3e11,
                9e10,
                15_000_000_000L + i);
    }

    private static IntFunction<NewsItem> news(int version) {
        return i -> new NewsItem(
                "news-" + i,
                T0.plusSeconds(i),
                List.of("SYM" + (i % 500), "SYM" + (i % 7)),
                "Headline number " + i + " v" + version,
                "wire",
                "https://example.com/news/" + i,
                "A summary of a few dozen words that stands in for a real one, version " + version,
                0.1);
    }
}

package io.marketflow.store.sink;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.coordinator.BatchSink;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Rows per second of each {@link WriteMethod}, one writer, on the embedded PostgreSQL: into an empty table,
 * then again over the same keys (every row an update). Not a test: run it with {@code bench/sink/run.sh}.
 * Rounds interleave the methods so that noise from a shared machine falls on both alike; the median counts.
 */
public final class SinkWriteMethodsBenchmark {

    private static final Instant T0 = Instant.parse("2025-01-02T14:30:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private record Kind<T>(String table, int rows, SinkFactory<T> sink, IntFunction<IntFunction<T>> itemsOfVersion) {}

    private interface SinkFactory<T> {
        BatchSink<T> create(ConnectionFactory connections, Duration timeout, WriteMethod method);
    }

    public static void main(String[] args) throws Exception {
        int bars = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int others = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        try (SinkTestDatabase database = SinkTestDatabase.create()) {
            System.out.printf(
                    Locale.ROOT,
                    "cores=%d java=%s%n",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            System.out.println("| kind | rows | batch | method | empty table rows/s | all keys present rows/s |");
            System.out.println("|---|---:|---:|---|---:|---:|");
            Kind<Bar> barKind = new Kind<>("bars", bars, BarSink::new, SinkWriteMethodsBenchmark::bar);
            warmUp(database, barKind);
            for (int batch : new int[] {500, 1000, 5000}) {
                run(database, barKind, batch, rounds);
            }
            if (others > 0) {
                run(
                        database,
                        new Kind<>(
                                "option_snapshots", others, OptionSnapshotSink::new, SinkWriteMethodsBenchmark::option),
                        1000,
                        rounds);
                run(
                        database,
                        new Kind<>(
                                "fundamentals", others, FundamentalsSink::new, SinkWriteMethodsBenchmark::fundamentals),
                        1000,
                        rounds);
                run(database, new Kind<>("news", others, NewsSink::new, SinkWriteMethodsBenchmark::news), 1000, rounds);
            }
        }
        System.exit(0);
    }

    private static <T> void warmUp(SinkTestDatabase database, Kind<T> kind) throws Exception {
        Kind<T> small = new Kind<>(kind.table(), 20_000, kind.sink(), kind.itemsOfVersion());
        for (WriteMethod method : WriteMethod.values()) {
            database.execute("TRUNCATE " + kind.table());
            write(database, small, method, 1000, 1);
            write(database, small, method, 1000, 2);
        }
    }

    private static <T> void run(SinkTestDatabase database, Kind<T> kind, int batch, int rounds) throws Exception {
        double[][] inserts = new double[WriteMethod.values().length][rounds];
        double[][] updates = new double[WriteMethod.values().length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (WriteMethod method : WriteMethod.values()) {
                database.execute("TRUNCATE " + kind.table());
                database.execute("CHECKPOINT");
                inserts[method.ordinal()][round] = write(database, kind, method, batch, 1);
                updates[method.ordinal()][round] = write(database, kind, method, batch, 2);
            }
        }
        for (WriteMethod method : WriteMethod.values()) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %s | %,.0f | %,.0f |%n",
                    kind.table(),
                    kind.rows(),
                    batch,
                    method,
                    median(inserts[method.ordinal()]),
                    median(updates[method.ordinal()]));
        }
    }

    /** Rows per second of writing every row of {@code kind} at {@code version}; rows are built beforehand. */
    private static <T> double write(SinkTestDatabase database, Kind<T> kind, WriteMethod method, int batch, int version)
            throws Exception {
        IntFunction<T> items = kind.itemsOfVersion().apply(version);
        List<List<T>> batches = new ArrayList<>();
        for (int start = 0; start < kind.rows(); start += batch) {
            List<T> rows = new ArrayList<>(batch);
            for (int i = start; i < Math.min(kind.rows(), start + batch); i++) {
                rows.add(items.apply(i));
            }
            batches.add(rows);
        }
        BatchSink<T> sink = kind.sink().create(database.connections(), TIMEOUT, method);
        long started = System.nanoTime();
        for (List<T> rows : batches) {
            sink.write(rows);
        }
        return kind.rows() / ((System.nanoTime() - started) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** 500 symbols × consecutive minutes, as a feed of 1m bars would send them. */
    private static IntFunction<Bar> bar(int version) {
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

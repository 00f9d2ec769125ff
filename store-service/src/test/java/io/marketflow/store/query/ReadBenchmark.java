package io.marketflow.store.query;

import io.marketflow.contracts.Bar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Latency of the read queries on the embedded (plain) PostgreSQL, through {@link R2dbcBarLookup} and R2DBC as the
 * store runs them (its read pool and settings), without HTTP: {@code 1d} rolled up over one year of 1m bars of one symbol, and the newest bar
 * of 500 symbols. Not a test: run it with {@code bench/reads/run.sh}; prints a markdown table.
 */
public final class ReadBenchmark {

    private ReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        MigratedDatabase database = MigratedDatabase.create("readbench");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            // Every weekday of 2024, 09:30 to 16:00 New York: 262 sessions of 390 bars.
            statement.execute("""
                    INSERT INTO bars (symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, provider)
                    SELECT 'BENCH', '1m', t, 100 + x, 101 + x, 99 + x, 100.5 + x, 1000, 100.2 + x, 10, 'bench'
                    FROM (SELECT (d + time '09:30' + m * interval '1 minute') AT TIME ZONE 'America/New_York' AS t,
                                 random() AS x
                          FROM generate_series(timestamp '2024-01-01', timestamp '2024-12-31', interval '1 day') d,
                               generate_series(0, 389) m
                          WHERE extract(isodow FROM d) < 6) s""");
            // 500 symbols with one session each: the newest bar of each is one index probe away.
            statement.execute("""
                    INSERT INTO bars (symbol, timeframe, ts, open, high, low, close, volume)
                    SELECT 'S' || n, '1m', timestamptz '2024-12-31 14:30:00Z' + m * interval '1 minute', 1, 1, 1, 1, 1
                    FROM generate_series(1, 500) n, generate_series(0, 389) m""");
            statement.execute("VACUUM ANALYZE bars");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM bars")) {
                rows.next();
                System.out.printf(
                        Locale.ROOT,
                        "rows=%d cores=%d java=%s%n",
                        rows.getLong(1),
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"));
            }
        }
        ReadPool pool = new ReadPool(database.connections(), 4, Duration.ofSeconds(10));
        R2dbcBarLookup lookup = new R2dbcBarLookup(pool.client());
        List<String> symbols =
                IntStream.rangeClosed(1, 500).mapToObj(n -> "S" + n).toList();
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        Instant to = Instant.parse("2025-01-01T00:00:00Z");

        System.out.println("load average before: "
                + Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| read | rows out | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        // The floor: counting the same rows, so that a loaded machine's numbers can be read relative to it.
        DatabaseClient client = pool.client();
        measure(
                "baseline: count(*) of the year's 1m bars",
                iterations,
                () -> client.sql(
                                "SELECT count(*) FROM bars WHERE symbol = 'BENCH' AND timeframe = '1m' AND ts >= :from AND ts < :to")
                        .bind("from", from)
                        .bind("to", to)
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .block()
                        .intValue());
        measure(
                "1d over 2024 (New York days), 102k 1m bars",
                iterations,
                () -> days(lookup, from, to, ZoneId.of("America/New_York")));
        measure("1d over 2024 (UTC days), 102k 1m bars", iterations, () -> days(lookup, from, to, ZoneOffset.UTC));
        measure(
                "1h over 2024, 102k 1m bars",
                iterations,
                () -> lookup.find(new BarQuery("BENCH", "1h", from, to, 10_000, ZoneOffset.UTC))
                        .flatMapMany(BarSeries::bars)
                        .count()
                        .block()
                        .intValue());
        measure(
                "latest 1m of 500 symbols",
                iterations * 5,
                () -> lookup.latest(symbols, "1m").count().block().intValue());
        System.out.println("load average after: "
                + Files.readString(Path.of("/proc/loadavg")).trim());
        pool.close();
        System.exit(0);
    }

    private static int days(R2dbcBarLookup lookup, Instant from, Instant to, ZoneId zone) {
        List<Bar> bars = lookup.find(new BarQuery("BENCH", "1d", from, to, 10_000, zone))
                .flatMapMany(BarSeries::bars)
                .collectList()
                .block();
        return bars.size();
    }

    private static void measure(String name, int iterations, Supplier<Integer> read) {
        int rows = 0;
        for (int i = 0; i < Math.max(10, iterations / 10); i++) {
            rows = read.get();
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            read.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "| %s | %d | %.1f | %.1f | %.1f |%n",
                name,
                rows,
                nanos[iterations / 2] / 1e6,
                nanos[(int) Math.ceil(iterations * 0.99) - 1] / 1e6,
                nanos[iterations - 1] / 1e6);
    }
}

package io.marketflow.store.reliability;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.StoreApplication;
import io.marketflow.store.TestBars;
import io.marketflow.testkit.BarLoad;
import io.marketflow.testkit.RunningStore;
import io.marketflow.testkit.StoreProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the write-ahead journal costs, measured on the same machine in the same run: the store (its own JVM, full
 * JIT) with {@code MDS_JOURNAL_ENABLED} true and false in alternating rounds, each on a fresh database.
 * Throughput is {@code ack=committed} flat out (bars per second until every answer is in); latency is
 * {@code ack=queued} at a fixed 20 % of the first no-journal throughput, counted from each request's due time.
 * Not a test: run it with {@code bench/journal/run.sh}.
 */
public final class JournalCostBenchmark {

    private record Result(
            boolean journal,
            double barsPerSecond,
            double p50Ms,
            double p99Ms,
            double maxMs,
            long requests,
            long fsyncs,
            double fsyncMeanMs) {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rateSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Path work = Files.createTempDirectory("journal-bench");
        System.out.printf(
                Locale.ROOT,
                "cores=%d java=%s rows=%d rounds=%d work=%s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                rows,
                rounds,
                work);
        List<Result> results = new ArrayList<>();
        // The latency load is the same for every run: 20 % of the first no-journal throughput. The order alternates
        // (off/on, on/off, ...) so that whatever drifts on a shared machine does not always favour one side.
        double rate = 0;
        for (int round = 1; round <= rounds; round++) {
            Result without;
            Result with;
            if (round % 2 == 1) {
                without = measure(work, round, false, rows, rateSeconds, rate);
                rate = rate > 0 ? rate : 0.2 * without.barsPerSecond();
                with = measure(work, round, true, rows, rateSeconds, rate);
            } else {
                with = measure(work, round, true, rows, rateSeconds, rate);
                without = measure(work, round, false, rows, rateSeconds, rate);
            }
            results.add(without);
            results.add(with);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: without %.0f bars/s p99 %.1f ms | with %.0f bars/s p99 %.1f ms%n",
                    round,
                    without.barsPerSecond(),
                    without.p99Ms(),
                    with.barsPerSecond(),
                    with.p99Ms());
        }
        System.out.println();
        System.out.println("| round | journal | ack=committed bars/s | ack=queued p50 ms | p99 ms | max ms"
                + " | requests | fsyncs | mean fsync ms |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %s | %.0f | %.1f | %.1f | %.1f | %d | %s | %s |%n",
                    i / 2 + 1,
                    r.journal() ? "on" : "off",
                    r.barsPerSecond(),
                    r.p50Ms(),
                    r.p99Ms(),
                    r.maxMs(),
                    r.requests(),
                    r.journal() ? Long.toString(r.fsyncs()) : "–",
                    r.journal() ? String.format(Locale.ROOT, "%.2f", r.fsyncMeanMs()) : "–");
        }
        double offRate = median(results, false, Result::barsPerSecond);
        double onRate = median(results, true, Result::barsPerSecond);
        double offP99 = median(results, false, Result::p99Ms);
        double onP99 = median(results, true, Result::p99Ms);
        System.out.printf(
                Locale.ROOT,
                "%nmedian: throughput %.0f -> %.0f bars/s (%.2fx); ack=queued p99 at 20%% load %.1f -> %.1f ms"
                        + " (%+.1f ms)%n",
                offRate,
                onRate,
                onRate / offRate,
                offP99,
                onP99,
                onP99 - offP99);
        System.exit(0);
    }

    /** One store's run; {@code fixedRate} is the latency load in bars/s (0: 20 % of this run's throughput). */
    private static Result measure(Path work, int round, boolean journal, int rows, int rateSeconds, double fixedRate)
            throws Exception {
        String name = (journal ? "on" : "off") + "-" + round;
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase("journal_bench"));
        settings.put("MDS_JOURNAL_ENABLED", Boolean.toString(journal));
        settings.put("MDS_JOURNAL_DIR", work.resolve("journal-" + name).toString());
        settings.put("MDS_DLQ_DIR", work.resolve("dlq-" + name).toString());
        try (StoreProcess store = StoreProcess.ofMainClass(StoreApplication.class.getName())
                .jvmOptions(List.of("-Xmx512m", "-XX:+UseSerialGC"))
                .arguments(settings)
                .log(work.resolve("store-" + name + ".log"))
                .start()) {
            load(store, "committed", "WARM", 20_000, 500, 0).run();
            BarLoad throughput = load(store, "committed", "RATE", rows, 500, 0);
            long started = System.nanoTime();
            throughput.run();
            double barsPerSecond = rows / ((System.nanoTime() - started) / 1e9);
            double rate = fixedRate > 0 ? fixedRate : 0.2 * barsPerSecond;
            int latencyRows = (int) Math.max(1_000, rate * rateSeconds);
            long[] latencies =
                    load(store, "queued", "LAT", latencyRows, 100, rate).run();
            Arrays.sort(latencies);
            String metrics =
                    new StoreHttp(store.url()).get("/actuator/prometheus").body();
            long fsyncs = (long) scraped(metrics, "mds_journal_fsync_latency_seconds_count");
            double fsyncSeconds = scraped(metrics, "mds_journal_fsync_latency_seconds_sum");
            long requests = 20_000 / 500 + rows / 500 + latencies.length;
            store.terminate();
            store.awaitExit(Duration.ofSeconds(120));
            return new Result(
                    journal,
                    barsPerSecond,
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99),
                    latencies[latencies.length - 1] / 1e6,
                    requests,
                    fsyncs,
                    fsyncs == 0 ? 0 : 1e3 * fsyncSeconds / fsyncs);
        }
    }

    private static double scraped(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** {@code rows} bars, {@code perRequest} a request, over 8 connections; a refusal is sent again in 100 ms. */
    private static BarLoad load(RunningStore store, String ack, String symbol, int rows, int perRequest, double rate) {
        BarLoad.Settings settings = BarLoad.Settings.of(store.ingest(), ack, 8, perRequest)
                .barsPerSecond(rate)
                .refusalWait(Duration.ofMillis(100));
        return BarLoad.prepare(settings, rows, TestBars.jsonBodies(symbol));
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static double median(List<Result> results, boolean journal, java.util.function.ToDoubleFunction<Result> f) {
        double[] values = results.stream()
                .filter(r -> r.journal() == journal)
                .mapToDouble(f)
                .sorted()
                .toArray();
        return values.length % 2 == 1
                ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}

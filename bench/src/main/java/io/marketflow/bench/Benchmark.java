package io.marketflow.bench;

import io.marketflow.store.sink.WriteMethod;
import io.marketflow.testkit.BarLoad;
import io.marketflow.testkit.RunningStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

/**
 * Runs every method on the same rows into the same table, one after the other, and builds the report. Before
 * each method the table is put back in the same state (empty, or holding only the pre-filled rows) and
 * checkpointed; each JVM path is warmed up on other rows first, which are removed before it is measured.
 */
final class Benchmark {

    private static final String COMMITTED = "committed";

    private static final String QUEUED = "queued";

    /** The store's MDS_COORDINATOR_CAPACITY when the run does not set it. */
    private static final long STORE_DEFAULT_CAPACITY = 10_000;

    /** The measured rows start here; pre-filled rows lie just before, warm-up rows years before. */
    static final Instant RUN_START = Instant.parse("2025-01-06T00:00:00Z");

    static final Instant WARMUP_START = Instant.parse("2000-01-03T00:00:00Z");

    private final BenchOptions options;
    private final Database database;
    private final RunningStore.Launcher launcher;
    private final Path workDir;
    private final PrintStream log;
    private final long postmasterPid;
    private final BarRows rows;
    private final BarRows warmup;
    private long prefilled;
    private String profile = "";
    private String storeThreads = "";
    private String postgresWaits = "";
    private final List<Double> loads = new ArrayList<>();

    Benchmark(BenchOptions options, Database database, RunningStore.Launcher launcher, Path workDir, PrintStream log) {
        this.options = options;
        this.database = database;
        this.launcher = launcher;
        this.workDir = workDir;
        this.log = log;
        this.postmasterPid = database.postmasterPid();
        this.rows = new BarRows(options.symbols(), options.rows(), RUN_START);
        this.warmup = new BarRows(options.symbols(), options.warmupRows(), WARMUP_START);
    }

    Report run() throws Exception {
        Report report = new Report(String.format(
                "Ingest benchmark: %,d bars, %d symbols, %s", options.rows(), options.symbols(), Instant.now()));
        Path csv = workDir.resolve("bars.csv");
        rows.writeCsv(csv);
        CopyBaselines copy = new CopyBaselines(database, csv, options.psql());
        describe(report, copy);
        try {
            Map<String, Measurement> main = mainSection(report, copy);
            Targets.check(report, main, options.rateFraction(), options.barsPerRequest());
            if (options.scale()) {
                tableSizes(report, copy);
                workerCounts(report, main.get("b"));
            }
        } finally {
            Files.deleteIfExists(csv);
        }
        return report;
    }

    private Map<String, Measurement> mainSection(Report report, CopyBaselines copy) throws Exception {
        prefill(0);
        Map<String, Measurement> byKey = new HashMap<>();
        List<Measurement> measured = new ArrayList<>();
        int w = options.workers();
        int batch = options.batch();
        if (options.runs("a")) {
            measured.add(put(byKey, "a", measureAndReset("(a) COPY append", copy.tool(), copy::append)));
        }
        if (options.runs("b")) {
            measured.add(put(
                    byKey,
                    "b",
                    measure(
                            "(b) COPY + upsert",
                            copy.tool() + ", staging table",
                            rows.count(),
                            -1,
                            copy::upsertThroughStage)));
            // The same again without emptying the table: every key exists, so every row is an update.
            measured.add(measure(
                    "(b) upsert, keys exist", copy.tool() + ", every row an update", 0, -1, copy::upsertThroughStage));
            reset();
        }
        if (options.runs("c")) {
            JdbcBatchUpsert jdbc = warmedUp(JdbcBatchUpsert::new);
            measured.add(put(
                    byKey,
                    "c",
                    measureAndReset(
                            "(c) JDBC batch upsert",
                            w + " conn × " + batch + " rows, reWriteBatchedInserts",
                            () -> jdbc.run(w, batch))));
            // Kafka Connect's JDBC sink defaults: one task, batch.size 3000.
            measured.add(measureAndReset(
                    "(c) JDBC batch upsert", "1 conn × 3000 rows (Kafka Connect defaults)", () -> jdbc.run(1, 3000)));
        }
        if (options.runs("d")) {
            DirectSink sink = warmedUp(DirectSink::new);
            measured.add(put(
                    byKey,
                    "d",
                    measureAndReset(
                            "(d) store sink, no HTTP",
                            w + " threads × " + batch + " rows, " + WriteMethod.DEFAULT,
                            () -> sink.run(w, batch))));
            measured.add(measureAndReset(
                    "(d) store sink, no HTTP",
                    w + " threads × " + batch + " rows, " + WriteMethod.DEFAULT + ", each thread its own symbols",
                    () -> sink.runBySymbol(w, batch)));
            measured.add(measureAndReset(
                    "(d) store sink, no HTTP",
                    w + " threads × " + options.bigBatch() + " rows, " + WriteMethod.DEFAULT,
                    () -> sink.run(w, options.bigBatch())));
            WriteMethod other = WriteMethod.DEFAULT == WriteMethod.COPY ? WriteMethod.UNNEST : WriteMethod.COPY;
            measured.add(measureAndReset(
                    "(d) store sink, no HTTP",
                    w + " threads × " + batch + " rows, " + other,
                    () -> sink.run(w, batch, other)));
        }
        if (options.runs("http")) {
            httpRuns(measured, byKey);
        }
        report.add(new Report.Section(
                "Into an empty table",
                "Every method writes the same " + String.format("%,d", rows.count()) + " new rows into the empty"
                        + " `bars` table (primary key symbol, timeframe, ts). Latency: per HTTP request (from when it"
                        + " was due) or per batch commit; HTTP rows use ack=committed unless they say ack=queued (then the latency is the answer's, and bars/s"
                        + " counts until the last bar is in the table).",
                measured,
                byKey.get("b")));
        return byKey;
    }

    private void httpRuns(List<Measurement> measured, Map<String, Measurement> byKey) throws Exception {
        int w = options.workers();
        try (RunningStore store = startStore(w)) {
            WithWaits json =
                    withWaitEvents(() -> put(byKey, "http", http(store, "(http) store, JSON", false, 0, rows)));
            measured.add(json.measurement());
            measured.add(put(byKey, "ndjson", http(store, "(http) store, NDJSON", true, 0, rows)));
            // The same breakdowns for ack=queued, which has cost more per bar than committed on some hosts.
            WithWaits jsonQueued = withWaitEvents(() ->
                    put(byKey, "json-queued", http(store, "(http) store, JSON, ack=queued", false, 0, rows, QUEUED)));
            measured.add(jsonQueued.measurement());
            storeThreads = threadTable(json.measurement(), jsonQueued.measurement());
            postgresWaits = "ack=committed: " + json.waits() + "ack=queued: " + jsonQueued.waits();
            measured.add(put(
                    byKey, "ndjson-queued", http(store, "(http) store, NDJSON, ack=queued", true, 0, rows, QUEUED)));
            double rate = options.rateFraction() * json.measurement().rowsPerSecond();
            // Whole requests only: a short last request would leave a part-batch that the store holds for its
            // flush interval, which measures that setting rather than the latency at this rate.
            long requests = Math.max(1, (long) (rate * options.rateSeconds()) / options.barsPerRequest());
            long count = Math.min(rows.count(), requests * options.barsPerRequest());
            BarRows paced = new BarRows(options.symbols(), count, RUN_START);
            measured.add(put(
                    byKey,
                    "rate",
                    http(
                            store,
                            String.format("(http) at %.0f%% of max", 100 * options.rateFraction()),
                            false,
                            rate,
                            paced)));
        }
        if (options.jfr()) {
            Path recording = workDir.resolve("store-profile.jfr");
            try (RunningStore store = startStore(w)) {
                Jfr.start(store.pid());
                measured.add(http(store, "(http) JSON, under JFR", false, 0, rows));
                Jfr.dump(store.pid(), recording);
            }
            profile = JfrHotSpots.summarize(recording, 15);
            log.println("[bench] JFR recording: " + recording.toAbsolutePath());
        }
    }

    private void tableSizes(Report report, CopyBaselines copy) throws Exception {
        for (long size : options.tableSizes()) {
            List<Measurement> measured = new ArrayList<>();
            log.printf("[bench] pre-filling %,d rows …%n", size);
            prefill(size);
            Measurement b =
                    measureAndReset("(b) COPY + upsert", copy.tool() + ", staging table", copy::upsertThroughStage);
            measured.add(b);
            measured.add(measureAndReset(
                    "(d) store sink, no HTTP",
                    options.workers() + " threads × " + options.batch() + " rows",
                    () -> new DirectSink(database, rows).run(options.workers(), options.batch())));
            try (RunningStore store = startStore(options.workers())) {
                measured.add(http(store, "(http) store, JSON", false, 0, rows));
            }
            report.add(new Report.Section(
                    String.format("Into a table already holding %,d rows", size),
                    "Same new rows; the table was pre-filled with older bars of the same symbols.",
                    measured,
                    b));
        }
        prefill(0);
    }

    private void workerCounts(Report report, Measurement emptyB) throws Exception {
        if (!options.storeUrl().isEmpty()) {
            log.println("[bench] --store-url: the store's worker count is its own; skipping the workers section");
            return;
        }
        prefill(0);
        List<Measurement> measured = new ArrayList<>();
        for (int w : options.workerCounts()) {
            measured.add(measureAndReset(
                    "(d) store sink, no HTTP",
                    w + " threads × " + options.batch() + " rows",
                    () -> new DirectSink(database, rows).run(w, options.batch())));
            try (RunningStore store = startStore(w)) {
                measured.add(http(store, "(http) store, JSON, " + w + " workers", false, 0, rows));
            }
        }
        report.add(new Report.Section(
                "Workers (empty table)",
                "MDS_COORDINATOR_WORKERS for the store, threads for the sink alone; ratios to (b) of the first table.",
                measured,
                emptyB));
    }

    private RunningStore startStore(int workers) throws Exception {
        Map<String, String> settings = new HashMap<>(database.server().storeEnvironment(database.name()));
        settings.put("MDS_COORDINATOR_WORKERS", Integer.toString(workers));
        settings.put("MDS_COORDINATOR_BATCH_SIZE", Integer.toString(options.batch()));
        settings.put("MDS_DLQ_DIR", workDir.resolve("dlq").toString());
        settings.putAll(options.storeEnvironment());
        log.printf("[bench] starting the store (%d workers, batch %d) …%n", workers, options.batch());
        RunningStore store = launcher.start(settings);
        if (warmup.count() > 0) {
            // Both body formats: each has its own parsing code for the JIT to compile before the clock starts.
            load(httpSettings(store, false, 0), warmup).run();
            reset();
            load(httpSettings(store, true, 0), warmup).run();
        }
        reset();
        return store;
    }

    private Measurement http(RunningStore store, String method, boolean ndjson, double rate, BarRows sent)
            throws Exception {
        return http(store, method, ndjson, rate, sent, COMMITTED);
    }

    /**
     * With {@code ack=queued} an answer only says the bars are queued (and journaled), so the run lasts until the
     * last of them is in the table: bars/s is then the rate at which they reached the database, as for every other
     * row. The latencies are the answers' (admission only).
     */
    private Measurement http(RunningStore store, String method, boolean ndjson, double rate, BarRows sent, String ack)
            throws Exception {
        BarLoad.Settings settings = httpSettings(store, ack, ndjson, rate);
        BarLoad load = load(settings, sent);
        long[][] latencies = new long[1][];
        Measurement m = measure(method, settings.describe(), sent.count(), store.pid(), () -> {
            latencies[0] = load.run();
            if (ack.equals(QUEUED)) {
                awaitRows(sent, Duration.ofMinutes(5));
            }
            return latencies[0];
        });
        log.println("[bench]   slowest requests (number: ms): " + slowest(latencies[0], 5));
        reset();
        return m;
    }

    /** Which requests were slowest, to tell a warm-up effect (the first ones) from a periodic stall. */
    private static String slowest(long[] nanos, int n) {
        return java.util.stream.IntStream.range(0, nanos.length)
                .boxed()
                .sorted((x, y) -> Long.compare(nanos[y], nanos[x]))
                .limit(n)
                .map(i -> String.format("#%d: %.0f", i, nanos[i] / 1e6))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * Returns once the last rows of {@code sent} are in the table: the tail that can still be queued or being
     * written when the last request is answered (the queue's capacity plus a batch per worker, and at least the
     * last 16 requests), counted per symbol over an index range. Everything before the tail left the queue before
     * it, first in first out, and was written by then; {@link #measure} counts the whole table after the clock
     * stops, so a row that was not would fail the run rather than pass unnoticed. The clock no longer includes a
     * count of the whole table (a scan of every row, which had been charged to ack=queued as PostgreSQL's CPU and
     * wall time).
     */
    private void awaitRows(BarRows sent, Duration deadline) throws Exception {
        long until = System.nanoTime() + deadline.toNanos();
        long capacity = Long.parseLong(options.storeEnvironment()
                .getOrDefault("MDS_COORDINATOR_CAPACITY", Long.toString(STORE_DEFAULT_CAPACITY)));
        long inFlight = capacity + (long) options.workers() * options.batch();
        long tailStart =
                sent.firstRowOfMinute(Math.max(0, sent.count() - Math.max(inFlight, 16L * options.barsPerRequest())));
        String[] symbols = sent.symbolNames();
        while (database.countFrom(sent.minuteOf(tailStart), symbols) < sent.count() - tailStart) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("acknowledged bars did not reach the table within " + deadline + ": "
                        + database.countFrom(sent.minuteOf(tailStart), symbols) + " of the last "
                        + (sent.count() - tailStart) + " rows");
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    private BarLoad.Settings httpSettings(RunningStore store, boolean ndjson, double rate) {
        return httpSettings(store, COMMITTED, ndjson, rate);
    }

    private BarLoad.Settings httpSettings(RunningStore store, String ack, boolean ndjson, double rate) {
        return BarLoad.Settings.of(store.ingest(), ack, options.connections(), options.barsPerRequest())
                .ndjson(ndjson)
                .barsPerSecond(rate);
    }

    /** Every request's body encoded now, before any clock starts: the client's JSON is not what is measured. */
    private static BarLoad load(BarLoad.Settings settings, BarRows rows) {
        return BarLoad.prepare(
                settings, rows.count(), (from, count) -> rows.body(from, from + count, settings.ndjson()));
    }

    /**
     * {@code method} over the run's rows, its JVM path warmed up first over the warm-up rows, which are removed
     * again before this returns.
     */
    private <M extends BatchedMethod> M warmedUp(BiFunction<Database, BarRows, M> method) throws Exception {
        method.apply(database, warmup).run(options.workers(), options.batch());
        reset();
        return method.apply(database, rows);
    }

    /** A run in this process (no store) that writes every row as a new key; the table is reset after it. */
    private Measurement measureAndReset(String method, String setup, Timed work) throws Exception {
        Measurement m = measure(method, setup, rows.count(), -1, work);
        reset();
        return m;
    }

    /**
     * Times {@code work} and counts, in the database, the rows it added. {@code expectedNew} is checked so that a
     * method that silently lost rows cannot look fast. A method that only updates expects 0 new rows; its rate is
     * rows updated per second.
     */
    private Measurement measure(String method, String setup, long expectedNew, long storePid, Timed work)
            throws Exception {
        long before = database.count();
        long walBefore = database.walPosition();
        String load = MachineInfo.loadNow();
        loads.add(Double.parseDouble(load.equals("?") ? "-1" : load));
        ResourceSampler sampler = new ResourceSampler(storePid, postmasterPid);
        long start = System.nanoTime();
        long[] latencies;
        try {
            latencies = work.run();
        } finally {
            sampler.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ResourceUse resources = sampler.stop();
        long walBytes = database.walPosition() - walBefore;
        long added = database.count() - before;
        if (added != expectedNew) {
            throw new IllegalStateException(
                    method + ": expected " + expectedNew + " new rows in the database, found " + added);
        }
        long written = expectedNew == 0 ? rows.count() : added;
        Measurement m = new Measurement(
                method,
                setup,
                written,
                seconds,
                latencies.length == 0 ? null : Latencies.ofNanos(latencies),
                resources,
                walBytes);
        log.printf(
                "[bench] %-28s %-48s %,10.0f bars/s  (%.1f s, load avg before %s; %.0f WAL bytes/bar; %s)%n",
                method, setup, m.rowsPerSecond(), seconds, load, m.walBytesPerRow(), database.sizes());
        return m;
    }

    private void prefill(long size) throws Exception {
        database.prefill(size, options.symbols(), RUN_START);
        prefilled = size;
    }

    private void reset() throws Exception {
        database.reset(prefilled, RUN_START, WARMUP_START.plusSeconds(366L * 24 * 3600));
    }

    private void describe(Report report, CopyBaselines copy) {
        report.setup(String.format(
                "Rows: %,d bars of %d symbols, one per symbol and minute, in time order; the same rows for every"
                        + " method (a CSV file for (a)/(b), objects for (c)/(d), JSON bodies for HTTP).",
                rows.count(), rows.symbols()));
        report.setup("(a)/(b) via " + copy.tool() + "; (b) is COPY into a temporary table, then one INSERT … ON"
                + " CONFLICT DO UPDATE of every column, in one transaction.");
        report.setup(String.format(
                "Store: its executable jar in its own JVM%s, MDS_COORDINATOR_WORKERS=%d, MDS_COORDINATOR_BATCH_SIZE=%d,"
                        + " default queue (MDS_COORDINATOR_CAPACITY " + STORE_DEFAULT_CAPACITY
                        + "); HTTP client: JDK HttpClient, HTTP/1.1"
                        + " keep-alive, %d connections × %d bars per request, ack=committed.",
                (options.storeJvmOptions().isEmpty() ? "" : " (" + String.join(" ", options.storeJvmOptions()) + ")")
                        + options.storeEnvironment().entrySet().stream()
                                .map(e -> ", " + e.getKey() + "=" + e.getValue())
                                .collect(java.util.stream.Collectors.joining()),
                options.workers(),
                options.batch(),
                options.connections(),
                options.barsPerRequest()));
        report.setup(String.format(
                "Warm-up: %,d other rows through each JVM path before it is measured (the store: as JSON, then"
                        + " again as NDJSON), then removed. Between methods"
                        + " the table is emptied (or cut back to its pre-filled rows), vacuumed and checkpointed.",
                warmup.count()));
        report.setup("bars/s: new rows counted in the database (count(*) before and after) over the wall time from"
                + " the first request to the last acknowledgement. CPU: time per bar from /proc (PostgreSQL ="
                + " postmaster and all its backends; client = this harness: load generator, JDBC, sink, psql);"
                + " machine busy = cores in use by anyone, 2.00 = saturated. CPU per bar is the steadier figure on a"
                + " shared machine: it moves less than bars/s when something else takes the cores.");
    }

    String profile() {
        return profile;
    }

    /** The store's CPU by thread pool during the JSON runs, as markdown; empty when HTTP was not run. */
    String storeThreads() {
        return storeThreads;
    }

    /** PostgreSQL's backends by wait event during the JSON runs, as markdown; empty when HTTP was not run. */
    String postgresWaits() {
        return postgresWaits;
    }

    /** A run's measurement and PostgreSQL's wait events while it lasted (a markdown table). */
    private record WithWaits(Measurement measurement, String waits) {}

    private WithWaits withWaitEvents(Callable<Measurement> run) throws Exception {
        WaitEvents waits = WaitEvents.start(database);
        Measurement measurement;
        try {
            measurement = run.call();
        } finally {
            waits.close();
        }
        return new WithWaits(measurement, waits.table());
    }

    /** The store's CPU by thread pool in two runs side by side (JSON, committed and queued), busiest first. */
    private static String threadTable(Measurement committed, Measurement queued) {
        StringBuilder out = new StringBuilder(
                "| store thread pool | cores, committed | CPU µs/bar, committed | cores, queued | CPU µs/bar, queued |\n"
                        + "|---|---:|---:|---:|---:|\n");
        Map<String, Double> queuedThreads = queued.resources().storeThreadCpu();
        committed.resources().storeThreadCpu().entrySet().stream().limit(12).forEach(e -> {
            double q = queuedThreads.getOrDefault(e.getKey(), 0.0);
            out.append(String.format(
                    "| `%s` | %.2f | %.2f | %.2f | %.2f |%n",
                    e.getKey(),
                    e.getValue(),
                    e.getValue() * committed.seconds() / committed.rows() * 1e6,
                    q,
                    q * queued.seconds() / queued.rows() * 1e6));
        });
        return out.append('\n').toString();
    }

    /** The 1-minute load average before each measurement: how much else was running. */
    String loadRange() {
        return loads.isEmpty()
                ? "?"
                : String.format(
                        "%.1f to %.1f",
                        loads.stream().mapToDouble(d -> d).min().orElse(0),
                        loads.stream().mapToDouble(d -> d).max().orElse(0));
    }

    private static Measurement put(Map<String, Measurement> byKey, String key, Measurement m) {
        byKey.put(key, m);
        return m;
    }
}

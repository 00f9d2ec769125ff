package io.marketflow.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.marketflow.pipeline.metrics.MetricNames;
import io.marketflow.store.coordinator.CircuitState;
import io.marketflow.store.coordinator.CoordinatorHealth;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.lane.Lanes;
import io.marketflow.testkit.HttpChecks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The soak run ({@code bench/soak.sh}): the whole system (embedded PostgreSQL, store, pipeline with its live
 * synthetic feed) for {@code --minutes} minutes under a steady load of half the measured maximum, with the
 * database stopped and restarted twice. It checks, and prints as a markdown report:
 *
 * <ul>
 *   <li>the JVM's RSS and heap after GC, after each restart, against before it: within 10 %;
 *   <li>no ERROR log line outside the outages (an outage lasts from the stop until a minute after the restart);
 *   <li>every bar the store acknowledged (202) is in the database, exactly once, and the dead-letter queue is
 *       empty; the same for every bar the pipeline's feed had accepted.
 * </ul>
 *
 * <p>The maximum is measured first, in the same system: four clients posting as fast as the store takes for
 * {@code --calibrate-sec}; bars written per second over that window. The load is then paced at half of it by
 * two clients. Not part of the test suite.
 */
public final class Soak {

    private static final int BATCH = 100;
    private static final double LIMIT = 0.10;
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final Duration AFTER_RESTART = Duration.ofSeconds(60);
    private static final Instant BASE =
            Instant.now().minus(Duration.ofDays(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong nextSeq = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final List<ErrorLine> errors = new CopyOnWriteArrayList<>();
    private final List<Instant[]> outages = new CopyOnWriteArrayList<>();
    private final LocalSystem system;
    private final LoopDatabase database;

    record ErrorLine(Instant at, String logger, String message) {}

    private Soak(LocalSystem system) {
        this.system = system;
        this.database = new LoopDatabase(system);
    }

    public static void main(String[] args) throws Exception {
        int minutes = 20;
        int calibrateSec = 30;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--calibrate-sec" -> calibrateSec = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("marketflow-soak");
        LocalSystem.Options options = LocalSystem.Options.randomPorts()
                .withFeed(true)
                .withDataDirectory(work.resolve("postgres"))
                .withStore(Map.of(
                        "MDS_DLQ_DIR", work.resolve("dlq").toString(),
                        "MDS_CB_HALF_OPEN_AFTER_SEC", "2",
                        "MDS_INGEST_ENQUEUE_TIMEOUT_MS", "1000"))
                .withPipeline(Map.of("MDP_DLQ_DIR", work.resolve("dlq-pipeline").toString()));
        String report;
        try (LocalSystem system = LocalSystem.start(options)) {
            report = new Soak(system).run(Duration.ofMinutes(minutes), Duration.ofSeconds(calibrateSec), work);
        }
        System.out.println(report);
        if (out != null) {
            Files.writeString(out, report);
        }
        System.exit(report.contains("**FAIL**") ? 1 : 0);
    }

    private String run(Duration length, Duration calibration, Path work) throws Exception {
        captureErrors();
        String machine = LoopBench.machine();
        Instant started = Instant.now();

        // 1. The maximum: four clients as fast as the store takes.
        double maximum = measureMaximum(calibration);
        double rate = maximum / 2;
        System.err.printf(Locale.ROOT, "[soak] maximum %.0f bars/s, soaking at %.0f bars/s%n", maximum, rate);

        // 2. The soak: two paced clients, two outages at a third and two thirds.
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread client = new Thread(() -> paced(rate / 2, running), "soak-client-" + i);
            client.start();
            clients.add(client);
        }
        Instant soakStart = Instant.now();
        List<String[]> memoryRows = new ArrayList<>();
        boolean memoryOk = true;
        for (int restart = 1; restart <= 2; restart++) {
            Instant outageAt = soakStart.plus(length.multipliedBy(restart).dividedBy(3));
            LoopBench.pause(Duration.between(Instant.now(), outageAt.minusSeconds(5)));
            Memory before = Memory.sample();
            Instant stop = Instant.now();
            System.err.println("[soak] stopping PostgreSQL (" + restart + ")");
            system.database().stop();
            LoopBench.pause(OUTAGE);
            system.database().restart();
            Instant restarted = Instant.now();
            System.err.println("[soak] PostgreSQL restarted (" + restart + ")");
            outages.add(new Instant[] {stop, restarted.plus(AFTER_RESTART)});
            Duration recovery = waitForRecovery();
            LoopBench.pause(AFTER_RESTART.minus(Duration.between(restarted, Instant.now())));
            Memory after = Memory.sample();
            boolean ok = after.withinOf(before, LIMIT);
            memoryOk &= ok;
            memoryRows.add(new String[] {
                Integer.toString(restart),
                LoopBench.millis(Duration.between(stop, restarted)),
                LoopBench.millis(recovery),
                mb(before.rss()) + " → " + mb(after.rss()) + " (" + percent(before.rss(), after.rss()) + ")",
                mb(before.heap()) + " → " + mb(after.heap()) + " (" + percent(before.heap(), after.heap()) + ")",
                ok ? "ok" : "**FAIL**"
            });
        }
        LoopBench.pause(Duration.between(Instant.now(), soakStart.plus(length)));
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        Instant soakEnd = Instant.now();

        // 3. Every acknowledged bar stored.
        LoopBench.waitUntil("the store's queue to drain", Duration.ofMinutes(2), () -> health().queueSize() == 0);
        LoopBench.pause(Duration.ofSeconds(2));
        long[] soakRows = counts("SELECT count(*), count(DISTINCT (symbol, ts)) FROM bars WHERE symbol LIKE 'SOAK%'");
        long[] feedRows = counts("SELECT count(*), count(DISTINCT (symbol, ts)) FROM bars WHERE timeframe = '1m'");
        long feedSent = pipelineSent();
        long deadLettered = countFiles(work.resolve("dlq")) + countFiles(work.resolve("dlq-pipeline"));
        boolean barsOk = soakRows[0] == acknowledged.get()
                && soakRows[1] == acknowledged.get()
                && feedRows[1] == feedSent
                && deadLettered == 0;

        List<ErrorLine> outside =
                errors.stream().filter(e -> !duringAnOutage(e.at())).toList();
        List<ErrorLine> inside =
                errors.stream().filter(e -> duringAnOutage(e.at())).toList();
        boolean logsOk = outside.isEmpty();

        StringBuilder md = new StringBuilder();
        md.append("### Soak run ").append(started).append("\n\n");
        md.append("**Machine:** ").append(machine).append(".\n\n");
        md.append(String.format(
                Locale.ROOT,
                "**Load:** measured maximum %.0f bars/s (4 clients, `ack=queued`, batches of %d, %d s); soak at"
                        + " %.0f bars/s (2 paced clients) for %s, plus the pipeline's live synthetic feed. PostgreSQL"
                        + " stopped for %d s at a third and at two thirds of the run.%n%n",
                maximum,
                BATCH,
                calibration.toSeconds(),
                rate,
                LoopBench.fixed(Duration.between(soakStart, soakEnd).toSeconds() / 60.0, 1) + " min",
                OUTAGE.toSeconds()));
        md.append("| restart | outage | store writing again after | RSS before → after | heap after GC before →"
                + " after | within 10 % |\n|---|---|---|---|---|---|\n");
        for (String[] row : memoryRows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append(String.format(
                Locale.ROOT,
                "%n| check | result |%n|---|---|%n"
                        + "| bars acknowledged (202) by the store, client load | %d |%n"
                        + "| … in the table (rows / distinct keys) | %d / %d |%n"
                        + "| bars the pipeline's feed had accepted / in the table | %d / %d |%n"
                        + "| refused or unanswered requests, re-sent | %d |%n"
                        + "| dead-letter records (store + pipeline) | %d |%n"
                        + "| ERROR lines during the outages / outside them | %d / %d |%n"
                        + "| every acknowledged bar stored | %s |%n| no error outside the outages | %s |%n"
                        + "| memory within 10 %% after each restart | %s |%n",
                acknowledged.get(),
                soakRows[0],
                soakRows[1],
                feedSent,
                feedRows[1],
                refusals.get(),
                deadLettered,
                inside.size(),
                outside.size(),
                barsOk ? "ok" : "**FAIL**",
                logsOk ? "ok" : "**FAIL**",
                memoryOk ? "ok" : "**FAIL**"));
        md.append("\nERROR lines, first of each kind:\n\n");
        errors.stream()
                .map(e -> (duringAnOutage(e.at()) ? "outage: " : "**outside**: ") + e.logger() + ": "
                        + e.message().lines().findFirst().orElse(""))
                .map(line -> line.length() > 240 ? line.substring(0, 240) + "…" : line)
                .distinct()
                .limit(15)
                .forEach(line -> md.append("- ").append(line).append('\n'));
        return md.toString();
    }

    /** Bars written per second while four clients post as fast as the store takes them. */
    private double measureMaximum(Duration window) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread client = new Thread(() -> paced(Double.POSITIVE_INFINITY, running), "soak-max-" + i);
            client.start();
            clients.add(client);
        }
        LoopBench.pause(Duration.ofSeconds(5));
        long from = database.barCount();
        long start = System.nanoTime();
        LoopBench.pause(window);
        long written = database.barCount() - from;
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        LoopBench.waitUntil("the store's queue to drain", Duration.ofMinutes(2), () -> health().queueSize() == 0);
        return written / seconds;
    }

    /** Posts batches of fresh bars at {@code rate} bars/s (unpaced when infinite), re-sending each until a 202. */
    private void paced(double rate, AtomicBoolean running) {
        long start = System.nanoTime();
        long sent = 0;
        while (running.get()) {
            if (Double.isFinite(rate)) {
                long due = start + (long) (sent / rate * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    continue;
                }
            }
            long first = nextSeq.getAndAdd(BATCH);
            String body = batch(first);
            while (!post(body)) {
                refusals.incrementAndGet();
                LoopBench.pause(Duration.ofMillis(200));
            }
            acknowledged.addAndGet(BATCH);
            sent += BATCH;
        }
    }

    /** Bars with keys unique by {@code seq}: a million one-second bars per symbol, twenty days back. */
    private static String batch(long first) {
        StringBuilder json = new StringBuilder(BATCH * 140).append('[');
        for (long seq = first; seq < first + BATCH; seq++) {
            double price = 100 + (seq % 1000) / 100.0;
            json.append(seq == first ? "" : ",")
                    .append("{\"symbol\":\"SOAK")
                    .append(seq / 1_000_000)
                    .append("\",\"timeframe\":\"1s\",\"ts\":\"")
                    .append(BASE.plusSeconds(seq % 1_000_000))
                    .append("\",\"open\":")
                    .append(price)
                    .append(",\"high\":")
                    .append(price + 1)
                    .append(",\"low\":")
                    .append(price - 1)
                    .append(",\"close\":")
                    .append(price)
                    .append(",\"volume\":")
                    .append(seq % 5000)
                    .append('}');
        }
        return json.append(']').toString();
    }

    private boolean post(String body) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + system.storePort() + "/ingest?ack=queued"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpChecks.answers(http, request, 202);
    }

    /** Until the store writes again after a restart: its circuit closed and a new bar in the table. */
    private Duration waitForRecovery() {
        Instant restarted = Instant.now();
        LoopBench.waitUntil("the store's circuit to close", Duration.ofMinutes(3), () -> {
            try {
                return health().circuitState() == CircuitState.CLOSED && database.barCount() >= 0;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        long rows = database.barCount();
        LoopBench.waitUntil("a write after the restart", Duration.ofMinutes(3), () -> database.barCount() > rows);
        return Duration.between(restarted, Instant.now());
    }

    private CoordinatorHealth health() {
        return system.store()
                .getBean(Lanes.class)
                .get(DataKind.BARS)
                .coordinator()
                .health();
    }

    private long pipelineSent() {
        Counter sent = system.pipeline()
                .getBean(MeterRegistry.class)
                .find(MetricNames.BARS_SENT)
                .counter();
        return sent == null ? 0 : (long) sent.count();
    }

    private long[] counts(String sql) {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return new long[] {result.getLong(1), result.getLong(2)};
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long countFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".ndjson")).count();
        }
    }

    private boolean duringAnOutage(Instant at) {
        return outages.stream().anyMatch(o -> !at.isBefore(o[0]) && !at.isAfter(o[1]));
    }

    /** Records every ERROR event of both services (one Logback context for the whole JVM). */
    private void captureErrors() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                    errors.add(new ErrorLine(
                            Instant.ofEpochMilli(event.getTimeStamp()),
                            event.getLoggerName(),
                            event.getFormattedMessage()));
                }
            }
        };
        appender.setContext(context);
        appender.setName("soak-errors");
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    private static String mb(long bytes) {
        return (bytes / (1024 * 1024)) + " MB";
    }

    private static String percent(long before, long after) {
        return String.format(Locale.ROOT, "%+.1f %%", 100.0 * (after - before) / before);
    }

    /** The JVM's resident set and its heap after a full GC. */
    record Memory(long rss, long heap) {

        static Memory sample() {
            System.gc();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Memory(residentSetSize(), heap);
        }

        private static long residentSetSize() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
            return -1;
        }

        boolean withinOf(Memory before, double limit) {
            return rss <= before.rss * (1 + limit) && heap <= before.heap * (1 + limit);
        }
    }
}

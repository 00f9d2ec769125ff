package io.marketflow.launcher;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.Bar;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.pipeline.feedback.AimdPolicy;
import io.marketflow.pipeline.feedback.FeedbackHandler;
import io.marketflow.pipeline.feedback.ScalePolicy;
import io.marketflow.pipeline.feedback.StepPolicy;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.feedback.FeedbackBus;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.lane.Lanes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;

/**
 * Measures the feedback loop of the whole system ({@code bench/feedback/run.sh}; results and how to read them in
 * {@code bench/results/feedback-loop.md}). Not a test: a program run on demand.
 *
 * <ol>
 *   <li>Latency from a watermark crossing in the store (the event's timestamp, taken on the thread that moved
 *       the queue) to the moment the pipeline's rate changes: over HTTP (the store's signed webhook to the real
 *       pipeline on loopback, the pipeline's scale sampled every 100 µs) and in process (the store's feedback bus
 *       straight into a {@link FeedbackHandler} whose budget records the instant it is set). A crossing is made
 *       by locking the bars table and submitting more bars than the high watermark at once (ok to hard), then
 *       releasing the lock (the queue drains through soft to ok).
 *   <li>Level changes per minute, throughput, queue, refusals and settling under a steady overload and a
 *       capacity step, per policy ({@code off}, {@code step}, {@code aimd}, {@code pace}): {@link LoopOverload}.
 * </ol>
 *
 * <p>Arguments: {@code [--crossings N] [--warmup-sec S] [--window-sec S] [--out FILE]}; {@code --crossings 0}
 * skips part one.
 */
public final class LoopLatencyBenchmark {

    /** The provider's name, as in the settings MDP_PROVIDER_BENCH_* and MDP_RATE_BENCH_*. */
    static final String PROVIDER = "bench";

    private static final int CROSSING_BARS = 360;

    private LoopLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("scenarios")) {
            scenarios(args);
            return;
        }
        Map<String, String> options = LoopBench.options(
                args,
                0,
                "[--crossings N] [--warmup-sec S] [--window-sec S] [--out FILE]",
                "crossings",
                "warmup-sec",
                "window-sec",
                "out");
        int crossings = Integer.parseInt(options.getOrDefault("crossings", "20"));
        Duration warmup = LoopBench.seconds(options, "warmup-sec", 10);
        Duration window = LoopBench.seconds(options, "window-sec", 60);
        Path work = Files.createTempDirectory("feedback-bench");
        StringBuilder report = LoopBench.report();
        report.append(latencyHeader(crossings));
        for (String policy : crossings > 0 ? List.of("step", "aimd") : List.<String>of()) {
            report.append(latency(policy, crossings, work));
        }
        // off first: its rows written per second are the store's capacity, the others are read against it.
        List<LoopOverload.Result> overload = new ArrayList<>();
        for (String policy : List.of("off", "step", "aimd", "pace")) {
            overload.add(LoopOverload.run(policy, warmup, window, work));
        }
        report.append('\n').append(LoopOverload.header(warmup, window));
        for (LoopOverload.Result result : overload) {
            report.append(result.row(overload.get(0).rowsPerSecond()));
        }
        LoopBench.finish(report, options.get("out"));
        System.exit(0); // the embedded servers' non-daemon threads are gone, but Reactor's may linger
    }

    /**
     * Part three alone: {@code scenarios [--warmup-sec S (10)] [--window-sec S (30)] [--only NAME-PREFIX]
     * [--out FILE]}, every {@link LoopScenarios.Scenario} under {@code off}, then {@code pace}.
     */
    private static void scenarios(String[] args) throws Exception {
        Map<String, String> options = LoopBench.options(
                args,
                1,
                "scenarios [--warmup-sec S] [--window-sec S] [--only PREFIX] [--out FILE]",
                "warmup-sec",
                "window-sec",
                "only",
                "out");
        Duration warmup = LoopBench.seconds(options, "warmup-sec", 10);
        Duration window = LoopBench.seconds(options, "window-sec", 30);
        String only = options.getOrDefault("only", "");
        Path work = Files.createTempDirectory("feedback-scenarios");
        StringBuilder report = LoopBench.report();
        report.append(LoopScenarios.header(warmup, window));
        for (LoopScenarios.Scenario scenario : LoopScenarios.ALL) {
            if (!scenario.name().startsWith(only)) {
                continue;
            }
            LoopScenarios.Result off = LoopScenarios.run(scenario, "off", 0, warmup, window, work);
            report.append(off.row(off.rowsPerSecond()));
            System.err.print(off.row(off.rowsPerSecond()));
            LoopScenarios.Result pace = LoopScenarios.run(scenario, "pace", off.rowsPerSecond(), warmup, window, work);
            report.append(pace.row(off.rowsPerSecond()));
            System.err.print(pace.row(off.rowsPerSecond()));
            System.err.println("[bench] load average " + LoopBench.loadAverage());
        }
        LoopBench.finish(report, options.get("out"));
        System.exit(0);
    }

    private static String latencyHeader(int crossings) {
        return "### Watermark crossing -> pipeline rate change (" + crossings + " crossings each way)\n\n"
                + "| policy | path | crossing | rate change | n | p50 | p95 | max | unmatched |\n"
                + "|---|---|---|---|---|---|---|---|---|\n";
    }

    private static String latency(String policy, int crossings, Path work) throws Exception {
        System.err.println("[bench] latency, policy " + policy + " ...");
        Map<String, String> store = LoopBench.oneWorkerStore(400, 300, 100, 50, work.resolve("dlq-latency-" + policy));
        Map<String, String> pipeline =
                LoopBench.quiet(Map.of("MDP_FB_POLICY", policy, "MDP_FB_PROVIDER_NAME", PROVIDER), null);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (LocalSystem system = LocalSystem.start(LocalSystem.Options.randomPorts()
                        .withFeed(false)
                        .withStore(store)
                        .withPipeline(pipeline));
                LoopProbe probe = new LoopProbe(system, PROVIDER);
                LoopWatch overHttp = new LoopWatch("http-scale", probe::scale, Duration.ofNanos(100_000))) {
            LoopRecordingBudget budget = new LoopRecordingBudget(PROVIDER);
            FeedbackHandler handler = new FeedbackHandler(
                    budget,
                    policy(policy),
                    new FeedbackHandler.Settings(Duration.ofSeconds(15), BackpressureLevel.SOFT, 32),
                    System::nanoTime);
            // As the pipeline's own ticker does for the default stale-after, so aimd can step between events.
            ticker.scheduleAtFixedRate(handler::reevaluate, 1, 1, TimeUnit.SECONDS);
            WriteCoordinator<Bar> bars = system.store()
                    .getBean(Lanes.class)
                    .get(DataKind.BARS, Bar.class)
                    .coordinator();
            LoopDatabase database = new LoopDatabase(system);
            DoublePredicate recovered = "step".equals(policy) ? scale -> scale == 1.0 : scale -> scale > 0.0;
            try (FeedbackBus.Subscription inProcess = system.store()
                    .getBean(FeedbackBus.class)
                    .subscribe("bench-in-process", event -> handler.handle(event, null))) {
                LoopBench.waitUntil(
                        "the pipeline hears the store",
                        Duration.ofSeconds(60),
                        () -> probe.barsCoordinatorAsHeard().isPresent());
                Instant measuredFrom = null;
                for (int cycle = 0; cycle <= crossings; cycle++) {
                    if (cycle == 1) {
                        measuredFrom = Instant.now(); // cycle 0 warms up both paths
                    }
                    try (LoopDatabase.TableLock lock = database.lockBars()) {
                        bars.submitMany(crossingBars(cycle), false);
                        LoopBench.waitUntil(
                                "both paths pause",
                                Duration.ofSeconds(30),
                                () -> overHttp.current() == 0.0
                                        && budget.scale().current() == 0.0);
                    }
                    LoopBench.waitUntil(
                            "store ok and both paths running again",
                            Duration.ofSeconds(30),
                            () -> probe.storeLevel() == BackpressureLevel.OK
                                    && recovered.test(overHttp.current())
                                    && recovered.test(budget.scale().current()));
                    if (!bars.awaitIdle(Duration.ofSeconds(30))) {
                        throw new IllegalStateException("the store did not drain");
                    }
                }
                List<FeedbackEvent> events = probe.levelChangeEvents();
                String okChange = "step".equals(policy) ? "scale 1.0" : "first increase";
                StringBuilder rows = new StringBuilder();
                for (var path : List.of(
                        Map.entry("in-process", budget.scale().changes()),
                        Map.entry("HTTP loopback", overHttp.changes()))) {
                    rows.append(row(
                            policy,
                            path.getKey(),
                            "high (to hard)",
                            "scale 0.0",
                            matched(events, measuredFrom, BackpressureLevel.HARD, path.getValue(), s -> s == 0.0)));
                    rows.append(row(
                            policy,
                            path.getKey(),
                            "low (to ok)",
                            okChange,
                            matched(events, measuredFrom, BackpressureLevel.OK, path.getValue(), recovered)));
                }
                return rows.toString();
            }
        } finally {
            ticker.shutdownNow();
        }
    }

    private static ScalePolicy policy(String name) {
        return "step".equals(name) ? StepPolicy.DEFAULT : AimdPolicy.DEFAULT;
    }

    /** Distinct keys per cycle, so that no batch upserts one key twice. */
    private static List<Bar> crossingBars(int cycle) {
        Instant start = Instant.parse("2025-01-02T00:00:00Z").plus(Duration.ofMinutes((long) cycle * CROSSING_BARS));
        List<Bar> bars = new ArrayList<>(CROSSING_BARS);
        for (int i = 0; i < CROSSING_BARS; i++) {
            bars.add(new Bar(
                    "LAT", "1m", start.plus(Duration.ofMinutes(i)), 10.0, 11.0, 9.0, 10.5, 100.0, null, null, "bench"));
        }
        return bars;
    }

    /** Latencies and how many crossings had no matching change before the next crossing. */
    record Matched(List<Duration> latencies, int unmatched) {}

    /**
     * For each crossing into {@code level} after {@code from}: the time from the event's timestamp to the first
     * change of the watched scale that {@code reached} accepts, if it came before the next crossing.
     */
    static Matched matched(
            List<FeedbackEvent> events,
            Instant from,
            BackpressureLevel level,
            List<LoopWatch.Change> changes,
            DoublePredicate reached) {
        List<Duration> latencies = new ArrayList<>();
        int unmatched = 0;
        for (int i = 0; i < events.size(); i++) {
            FeedbackEvent event = events.get(i);
            if (event.level() != level || event.ts().isBefore(from)) {
                continue;
            }
            Instant next = i + 1 < events.size() ? events.get(i + 1).ts() : Instant.MAX;
            LoopWatch.Change change = changes.stream()
                    .filter(c -> !c.at().isBefore(event.ts()) && reached.test(c.value()))
                    .findFirst()
                    .orElse(null);
            if (change != null && change.at().isBefore(next)) {
                latencies.add(Duration.between(event.ts(), change.at()));
            } else {
                unmatched++;
            }
        }
        return new Matched(latencies, unmatched);
    }

    private static String row(String policy, String path, String crossing, String change, Matched matched) {
        List<Duration> sorted = LoopBench.sorted(matched.latencies());
        return "| " + policy + " | " + path + " | " + crossing + " | " + change + " | " + sorted.size() + " | "
                + LoopBench.millis(LoopBench.percentile(sorted, 50)) + " | "
                + LoopBench.millis(LoopBench.percentile(sorted, 95)) + " | "
                + LoopBench.millis(sorted.isEmpty() ? null : sorted.get(sorted.size() - 1)) + " | "
                + matched.unmatched() + " |\n";
    }
}

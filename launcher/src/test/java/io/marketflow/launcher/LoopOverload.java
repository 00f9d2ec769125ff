package io.marketflow.launcher;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.pipeline.metrics.MetricNames;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.feedback.FeedbackWebhooks;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.lane.Lanes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Part two of {@link LoopLatencyBenchmark}: a steady overload, the provider asking twice what the store can
 * write, then the database's capacity halved and restored. The store's database is slowed by a statement
 * trigger (one worker, batches of 100, 100 ms extra per batch: just under 1,000 bars/s; 200 ms while halved),
 * the synthetic provider runs at 2,000 bars/s at scale 1.0. Counted over the measuring window: level
 * transitions the store published, scale changes seen at the pipeline, the share of time at each level, rows
 * written per second, the queue and its delay (sampled every 10 ms), and the 429/503 answers the pipeline got.
 * Policy {@code off} runs the same overload with feedback switched off in the pipeline, so the store's own
 * blocking and 503s are the only brake: the baseline for the other three.
 */
final class LoopOverload {

    private static final Duration SLOW_WRITE = Duration.ofMillis(100);
    private static final Duration HALVED_WRITE = Duration.ofMillis(200);
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final Duration SAMPLE = Duration.ofMillis(10);
    private static final int PROVIDER_RATE = 2_000;

    private LoopOverload() {}

    /** One run's numbers; {@code offRowsPerSecond} of the same benchmark run turns rows into a share. */
    record Result(
            String policy,
            double levelChangesPerMinute,
            double scaleChangesPerMinute,
            double[] levelShare,
            double rowsPerSecond,
            LoopBench.QueueStats queue,
            long throttled,
            double halvedRowsPerSecond,
            Duration settledAfterHalving,
            Duration recoveredAfterRestore) {

        String row(double offRowsPerSecond) {
            return "| " + policy + " | " + LoopBench.fixed(levelChangesPerMinute, 1) + " | "
                    + LoopBench.fixed(scaleChangesPerMinute, 1) + " | "
                    + percent(levelShare[0]) + " / " + percent(levelShare[1]) + " / " + percent(levelShare[2]) + " | "
                    + LoopBench.fixed(rowsPerSecond, 0) + " (" + percent(rowsPerSecond / offRowsPerSecond) + ") | "
                    + queue.cells() + " | "
                    + throttled + " | "
                    + LoopBench.fixed(halvedRowsPerSecond, 0) + " | "
                    + seconds(settledAfterHalving) + " | " + seconds(recoveredAfterRestore) + " |\n";
        }
    }

    static String header(Duration warmup, Duration window) {
        return "### Steady 2x overload (" + window.toSeconds() + " s window after " + warmup.toSeconds()
                + " s warm-up), then capacity halved for " + STEP.toSeconds() + " s and restored\n\n"
                + "| policy | store level changes/min | pipeline scale changes/min | time ok / soft / hard"
                + " | rows written/s (vs off) | queue mean / p99 | queueing delay p50 / p99 | 429/503"
                + " | rows/s while halved | settled after halving | back to 90 % after restore |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n";
    }

    static Result run(String policy, Duration warmup, Duration window, Path work) {
        System.err.println("[bench] overload, policy " + policy + " ...");
        Map<String, String> store =
                LoopBench.oneWorkerStore(2000, 1600, 1000, 100, work.resolve("dlq-overload-" + policy));
        Map<String, String> pipeline = LoopBench.quiet(
                Map.ofEntries(
                        Map.entry("MDP_FB_ENABLE_FEEDBACK", Boolean.toString(!"off".equals(policy))),
                        Map.entry("MDP_FB_POLICY", "off".equals(policy) ? "step" : policy),
                        Map.entry("MDP_FB_PROVIDER_NAME", LoopLatencyBenchmark.PROVIDER),
                        Map.entry("MDP_PROVIDER_BENCH_KIND", "synthetic"),
                        Map.entry("MDP_PROVIDER_BENCH_TIMEFRAME", "1s"),
                        // History enough for the whole run at full speed (30 days of 1 s bars).
                        Map.entry("MDP_PROVIDER_BENCH_MODE", "backfill"),
                        Map.entry(
                                "MDP_PROVIDER_BENCH_START",
                                Instant.now().minus(Duration.ofDays(30)).toString()),
                        Map.entry("MDP_RATE_BENCH_REFILL_RATE", Integer.toString(PROVIDER_RATE)),
                        Map.entry("MDP_RATE_BENCH_CAPACITY", "200"),
                        Map.entry("MDP_RATE_BENCH_BREAKER_TIMEOUT", "1"),
                        Map.entry("MDP_ROUTER_BATCH_SIZE", "100"),
                        Map.entry("MDP_ROUTER_LINGER_MS", "50")),
                null);
        try (LocalSystem system = LocalSystem.start(LocalSystem.Options.randomPorts()
                        .withFeed(true)
                        .withStore(store)
                        .withPipeline(pipeline));
                LoopProbe probe = new LoopProbe(system, LoopLatencyBenchmark.PROVIDER);
                LoopWatch scale = new LoopWatch("scale", probe::scale, Duration.ofNanos(200_000))) {
            LoopDatabase database = new LoopDatabase(system);
            database.slowEveryWrite(SLOW_WRITE);
            WriteCoordinator<?> bars =
                    system.store().getBean(Lanes.class).get(DataKind.BARS).coordinator();
            MeterRegistry pipelineMetrics = system.pipeline().getBean(MeterRegistry.class);
            FeedbackWebhooks webhook = system.store().getBean(FeedbackWebhooks.class);
            LoopBench.pause(warmup);

            Instant from = Instant.now();
            long rowsBefore = database.barCount();
            long throttledBefore = throttled(pipelineMetrics);
            List<double[]> samples = sample(bars, window);
            Instant to = Instant.now();
            long rows = database.barCount() - rowsBefore;
            long throttled = throttled(pipelineMetrics) - throttledBefore;
            double seconds = Duration.between(from, to).toNanos() / 1e9;
            double rowsPerSecond = rows / seconds;

            List<FeedbackEvent> events = probe.levelChangeEvents();
            long transitions = events.stream()
                    .filter(e -> !e.ts().isBefore(from) && e.ts().isBefore(to))
                    .count();
            double minutes = seconds / 60;

            database.slowEveryWrite(HALVED_WRITE);
            Duration settled = settleTime(bars, STEP);
            long halvedRowsBefore = database.barCount();
            Instant halvedFrom = Instant.now();
            LoopBench.pause(STEP.minus(Duration.between(to, halvedFrom)));
            double halvedRowsPerSecond = (database.barCount() - halvedRowsBefore)
                    / (Duration.between(halvedFrom, Instant.now()).toNanos() / 1e9);
            database.slowEveryWrite(SLOW_WRITE);
            Duration recovered = recoveryTime(database, 0.9 * rowsPerSecond, STEP);
            System.err.println(
                    "[bench] webhooks delivered " + webhook.delivered() + ", superseded " + webhook.superseded());

            return new Result(
                    policy,
                    transitions / minutes,
                    LoopWatch.countBetween(scale.changes(), from, to) / minutes,
                    timeShare(events, from, to),
                    rowsPerSecond,
                    LoopBench.QueueStats.of(samples),
                    throttled,
                    halvedRowsPerSecond,
                    settled,
                    recovered);
        }
    }

    /** Queue size and queueing delay (ms) every {@link #SAMPLE} for {@code window}. */
    private static List<double[]> sample(WriteCoordinator<?> bars, Duration window) {
        List<double[]> samples = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            samples.add(new double[] {bars.queueSize(), bars.queueDelay().toNanos() / 1e6});
            LockSupport.parkNanos(SAMPLE.toNanos());
        }
        return samples;
    }

    /**
     * Time from now (the capacity step) until the queueing delay has stayed under 1 s for 3 s; null when that
     * did not happen within {@code limit}.
     */
    private static Duration settleTime(WriteCoordinator<?> bars, Duration limit) {
        long start = System.nanoTime();
        long calmSince = -1;
        while (System.nanoTime() - start < limit.toNanos()) {
            long now = System.nanoTime();
            if (bars.queueDelay().compareTo(Duration.ofSeconds(1)) < 0) {
                calmSince = calmSince < 0 ? now : calmSince;
                if (now - calmSince >= Duration.ofSeconds(3).toNanos()) {
                    return Duration.ofNanos(calmSince - start);
                }
            } else {
                calmSince = -1;
            }
            LockSupport.parkNanos(SAMPLE.toNanos());
        }
        return null;
    }

    /**
     * Time from now (capacity restored) until rows written over the last second reach {@code rowsPerSecond};
     * null when not within {@code limit}.
     */
    static Duration recoveryTime(LoopDatabase database, double rowsPerSecond, Duration limit) {
        long start = System.nanoTime();
        List<long[]> counts = new ArrayList<>(); // {nanos, rows}
        while (System.nanoTime() - start < limit.toNanos()) {
            long now = System.nanoTime();
            counts.add(new long[] {now, database.barCount()});
            for (long[] earlier : counts) {
                if (now - earlier[0] <= Duration.ofSeconds(1).toNanos()) {
                    double elapsed = (now - earlier[0]) / 1e9;
                    if (elapsed >= 0.9 && (counts.get(counts.size() - 1)[1] - earlier[1]) / elapsed >= rowsPerSecond) {
                        return Duration.ofNanos(now - start);
                    }
                    break;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return null;
    }

    private static long throttled(MeterRegistry registry) {
        return (long) registry.find(MetricNames.STORE_THROTTLED).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** Share of [from, to) the store spent at ok, soft and hard, from its published transitions. */
    private static double[] timeShare(List<FeedbackEvent> events, Instant from, Instant to) {
        double[] nanos = new double[3];
        BackpressureLevel level = BackpressureLevel.OK;
        Instant since = from;
        for (FeedbackEvent event : events) {
            if (event.ts().isBefore(from)) {
                level = event.level();
                continue;
            }
            if (!event.ts().isBefore(to)) {
                break;
            }
            nanos[level.ordinal()] += Duration.between(since, event.ts()).toNanos();
            level = event.level();
            since = event.ts();
        }
        nanos[level.ordinal()] += Duration.between(since, to).toNanos();
        double total = Duration.between(from, to).toNanos();
        return new double[] {nanos[0] / total, nanos[1] / total, nanos[2] / total};
    }

    private static String percent(double share) {
        return LoopBench.fixed(share * 100, 0) + " %";
    }

    private static String seconds(Duration duration) {
        return duration == null
                ? "not within " + STEP.toSeconds() + " s"
                : LoopBench.fixed(duration.toMillis() / 1000.0, 1) + " s";
    }
}

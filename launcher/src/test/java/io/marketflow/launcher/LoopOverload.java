package io.marketflow.launcher;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.store.feedback.WebhookBroadcaster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Part two of {@link LoopLatencyBenchmark}: a steady overload, the provider asking twice what the store can
 * write, and how often the loop changes its mind. The store's database is slowed by a statement trigger (one
 * worker, batches of 100, 100 ms extra per batch: just under 1,000 bars/s), the synthetic provider runs at
 * 2,000 bars/s at scale 1.0. Counted over the measuring window: level transitions the store published, scale
 * changes seen at the pipeline (sampled every 200 µs), the share of time at each level, the mean scale, rows
 * written per second and the queue. Policy {@code off} runs the same overload with feedback switched off in the
 * pipeline, so the store's own blocking and 503s are the only brake: the baseline for the other two.
 */
final class LoopOverload {

    private static final Duration SLOW_WRITE = Duration.ofMillis(100);
    private static final int PROVIDER_RATE = 2_000;

    private LoopOverload() {}

    static String header(Duration warmup, Duration window) {
        return "### Steady overload: level changes per minute (" + window.toSeconds() + " s window after "
                + warmup.toSeconds() + " s warm-up)\n\n"
                + "| policy | store level changes/min | pipeline scale changes/min | time ok / soft / hard"
                + " | mean scale | bars written/s | queue mean / max | webhooks delivered / superseded |\n"
                + "|---|---|---|---|---|---|---|---|\n";
    }

    static String run(String policy, Duration warmup, Duration window, Path work) {
        System.err.println("[bench] overload, policy " + policy + " ...");
        Map<String, String> store = LoopBench.quiet(
                Map.of(
                        "MDS_COORDINATOR_CAPACITY", "2000",
                        "MDS_COORDINATOR_HIGH_WATERMARK", "1600",
                        "MDS_COORDINATOR_LOW_WATERMARK", "1000",
                        "MDS_COORDINATOR_WORKERS", "1",
                        "MDS_COORDINATOR_BATCH_SIZE", "100",
                        "MDS_COORDINATOR_FLUSH_INTERVAL", "0.05"),
                work.resolve("dlq-overload-" + policy));
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
                LoopWatch scale = new LoopWatch("scale", probe::scale, Duration.ofNanos(200_000));
                LoopWatch queue =
                        new LoopWatch("queue", () -> probe.storeHealth().queueSize(), Duration.ofMillis(1))) {
            LoopDatabase database = new LoopDatabase(system);
            database.slowEveryWrite(SLOW_WRITE);
            WebhookBroadcaster webhook = system.store().getBean(WebhookBroadcaster.class);
            LoopBench.pause(warmup);

            Instant from = Instant.now();
            long rowsBefore = database.barCount();
            long deliveredBefore = webhook.delivered();
            long supersededBefore = webhook.superseded();
            LoopBench.pause(window);
            Instant to = Instant.now();
            long rows = database.barCount() - rowsBefore;

            List<FeedbackEvent> events = probe.levelChangeEvents();
            long transitions = events.stream()
                    .filter(e -> !e.ts().isBefore(from) && e.ts().isBefore(to))
                    .count();
            double minutes = Duration.between(from, to).toNanos() / 60e9;
            double[] queueStats = LoopWatch.meanAndMax(queue.changes(), from, to);
            double[] share = timeShare(events, from, to);
            return "| " + policy + " | " + LoopBench.fixed(transitions / minutes, 1) + " | "
                    + LoopBench.fixed(LoopWatch.countBetween(scale.changes(), from, to) / minutes, 1) + " | "
                    + percent(share[0]) + " / " + percent(share[1]) + " / " + percent(share[2]) + " | "
                    + LoopBench.fixed(LoopWatch.meanAndMax(scale.changes(), from, to)[0], 3) + " | "
                    + LoopBench.fixed(rows / (minutes * 60), 0) + " | "
                    + LoopBench.fixed(queueStats[0], 0) + " / " + LoopBench.fixed(queueStats[1], 0) + " | "
                    + (webhook.delivered() - deliveredBefore) + " / " + (webhook.superseded() - supersededBefore)
                    + " |\n";
        }
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
}

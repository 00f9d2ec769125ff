package io.marketflow.launcher;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.feedback.FeedbackBus;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.lane.Lanes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Part three of {@link LoopLatencyBenchmark} ({@code bench/feedback/run.sh scenarios}): the paced loop beyond
 * one pipeline at 2x, each scenario under {@code off} (no feedback: the store's 429s are the only brake; its
 * rows written are the capacity the {@code pace} run is read against) and {@code pace}. The same store as the
 * end-to-end tests ({@link PacedLoop}: one worker, batches of 100, 100 ms added to each write, 429 when full);
 * every feeding pipeline is started once the database is slowed, so the start-up is measured from a cold
 * pipeline. After the window the capacity is halved (200 ms per write) for {@link #STEP} and restored.
 */
final class LoopScenarios {

    private static final Duration STEP = Duration.ofSeconds(15);
    private static final Duration SAMPLE = Duration.ofMillis(10);
    private static final int NOMINAL = 1_000;

    /** A topology: store replicas, feeding pipelines, and each pipeline's providers' rate. */
    record Scenario(String name, int replicas, int pipelines, int providersPerPipeline, int ratePerProvider) {}

    static final List<Scenario> ALL = List.of(
            new Scenario("3x, 1 pipeline, 1 store", 1, 1, 1, 3 * NOMINAL),
            new Scenario("10x, 1 pipeline, 1 store", 1, 1, 1, 10 * NOMINAL),
            new Scenario("2x, 1 pipeline, 2 store replicas", 2, 1, 2, 2 * NOMINAL),
            new Scenario("2x each, 2 pipelines, 1 store", 1, 2, 1, 2 * NOMINAL));

    record Result(
            Scenario scenario,
            String policy,
            double levelChangesPerMinute,
            double rowsPerSecond,
            LoopBench.QueueStats queue,
            long throttled,
            Duration startup,
            Duration settledAfterHalving,
            double largestQueueWhileHalved,
            long throttledWhileHalved,
            Duration recoveredAfterRestore) {

        String row(double offRowsPerSecond) {
            return "| " + scenario.name() + " | " + policy + " | " + LoopBench.fixed(levelChangesPerMinute, 1) + " | "
                    + LoopBench.fixed(rowsPerSecond, 0) + " ("
                    + LoopBench.fixed(100 * rowsPerSecond / offRowsPerSecond, 0) + " %) | "
                    + queue.cells() + " | "
                    + throttled + " | " + seconds(startup) + " | " + seconds(settledAfterHalving) + " | "
                    + LoopBench.fixed(largestQueueWhileHalved, 0) + " / " + throttledWhileHalved + " | "
                    + seconds(recoveredAfterRestore) + " |\n";
        }
    }

    private LoopScenarios() {}

    static String header(Duration warmup, Duration window) {
        return "### Scenarios (" + window.toSeconds() + " s window after " + warmup.toSeconds()
                + " s warm-up; capacity then halved for " + STEP.toSeconds() + " s and restored)\n\n"
                + "| scenario | policy | level changes/min | rows written/s (vs off) | queue mean / p99"
                + " | queueing delay p50 / p99 | 429/503 | start-up to 90 % of off | paced within 10 % of halved rows/s"
                + " | while halved: largest queue of one store / 429+503"
                + " | back to 90 % after restore |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n";
    }

    /** {@code offRowsPerSecond}: the capacity from the same scenario's {@code off} run, or 0 when this is it. */
    static Result run(
            Scenario scenario, String policy, double offRowsPerSecond, Duration warmup, Duration window, Path work)
            throws Exception {
        System.err.println("[bench] " + scenario.name() + ", policy " + policy + " ...");
        Path dir = work.resolve((scenario.name() + "-" + policy).replaceAll("[^A-Za-z0-9]+", "-"));
        Map<String, String> store = new HashMap<>(LoopBench.quiet(PacedLoop.store(dir.resolve("dlq")), null));
        if (scenario.replicas() > 1) {
            store.put("MDS_INSTANCE_ID", "r0");
        }
        try (LocalSystem system = LocalSystem.start(
                LocalSystem.Options.randomPorts()
                        .withFeed(false)
                        .withStore(store)
                        .withPipeline(LoopBench.quiet(
                                PacedLoop.pipeline(Map.of(
                                        "MDP_DLQ_DIR",
                                        dir.resolve("dlq-pipeline").toString())),
                                null)),
                scenario.pipelines())) {
            LoopDatabase database = new LoopDatabase(system);
            database.slowEveryWrite(PacedLoop.SLOW_WRITE);
            List<ConfigurableApplicationContext> stores = new ArrayList<>(List.of(system.store()));
            for (int r = 1; r < scenario.replicas(); r++) {
                stores.add(system.startStoreReplica(
                        LoopBench.quiet(Map.of("MDS_INSTANCE_ID", "r" + r), dir.resolve("dlq-r" + r))));
            }
            List<WriteCoordinator<Bar>> coordinators = stores.stream()
                    .map(s ->
                            s.getBean(Lanes.class).get(DataKind.BARS, Bar.class).coordinator())
                    .toList();
            AtomicLong levelChanges = new AtomicLong();
            List<FeedbackBus.Subscription> subscriptions = new ArrayList<>();
            List<Instant> changes = java.util.Collections.synchronizedList(new ArrayList<>());
            for (ConfigurableApplicationContext s : stores) {
                subscriptions.add(s.getBean(FeedbackBus.class).subscribe("bench-levels", (FeedbackEvent event) -> {
                    if (event.coordinatorId().startsWith("bars-coord") && "level_change".equals(event.reason())) {
                        changes.add(event.ts());
                        levelChanges.incrementAndGet();
                    }
                }));
            }
            LoopBalancer balancer = scenario.replicas() > 1
                    ? new LoopBalancer(stores.stream().map(PacedLoop::port).toList())
                    : null;
            List<ConfigurableApplicationContext> feeders = new ArrayList<>();
            try (LoopWatch rows = new LoopWatch("rows", database::barCount, Duration.ofMillis(100))) {
                Instant started = Instant.now();
                for (int p = 0; p < scenario.pipelines(); p++) {
                    Map<String, String> providers = new HashMap<>();
                    for (int i = 0; i < scenario.providersPerPipeline(); i++) {
                        String name = "b" + p + "x" + i;
                        providers.putAll(PacedLoop.provider(name, scenario.ratePerProvider(), "S" + p + "A" + i));
                    }
                    Map<String, String> overrides = new HashMap<>();
                    overrides.put("logging.level.root", "WARN");
                    overrides.put("MDP_FB_ENABLE_FEEDBACK", Boolean.toString(!"off".equals(policy)));
                    if (balancer != null) {
                        overrides.put("MDP_STORE_URL", "http://localhost:" + balancer.port());
                    }
                    // Every store (replicas included) lists this pipeline's port in MDS_FEEDBACK_WEBHOOK_URL.
                    feeders.add(PacedLoop.startFeedingPipeline(system, providers, dir.resolve("dlq-p" + p), overrides));
                }
                LoopBench.pause(warmup.minus(Duration.between(started, Instant.now())));

                Instant from = Instant.now();
                long rowsBefore = database.barCount();
                long throttledBefore = throttled(feeders);
                List<double[]> samples = sample(coordinators, window);
                Instant to = Instant.now();
                double rowsPerSecond = (database.barCount() - rowsBefore)
                        / (Duration.between(from, to).toNanos() / 1e9);
                long throttled = throttled(feeders) - throttledBefore;
                long levelChangesInWindow = changes.stream()
                        .filter(at -> !at.isBefore(from) && at.isBefore(to))
                        .count();
                double capacity = offRowsPerSecond > 0 ? offRowsPerSecond : rowsPerSecond;
                Duration startup = PacedLoop.timeToReach(rows.changes(), started, 0.9 * capacity);

                long throttledBeforeStep = throttled(feeders);
                List<double[]> paced;
                Instant halved;
                double largestQueueWhileHalved;
                // The largest queue of any one store while the capacity is halved (each has its own queue).
                try (LoopWatch largestQueue = new LoopWatch(
                        "largest-queue",
                        () -> coordinators.stream()
                                .mapToInt(WriteCoordinator::queueSize)
                                .max()
                                .orElse(0),
                        SAMPLE)) {
                    database.slowEveryWrite(PacedLoop.SLOW_WRITE.multipliedBy(2));
                    halved = Instant.now();
                    paced = pacedRates(feeders, STEP);
                    largestQueueWhileHalved = LoopWatch.meanAndMax(largestQueue.changes(), halved, Instant.now())[1];
                }
                long throttledWhileHalved = throttled(feeders) - throttledBeforeStep;
                // The halved capacity: rows written over the step's second half.
                double[] halvedRows = rowsBetween(rows.changes(), halved.plus(STEP.dividedBy(2)), Instant.now());
                database.slowEveryWrite(PacedLoop.SLOW_WRITE);
                Duration settled = "off".equals(policy) ? null : settledWithin(paced, halvedRows[0] / halvedRows[1]);
                Duration recovered = LoopOverload.recoveryTime(database, 0.9 * capacity, STEP);

                return new Result(
                        scenario,
                        policy,
                        levelChangesInWindow / (Duration.between(from, to).toNanos() / 60e9),
                        rowsPerSecond,
                        LoopBench.QueueStats.of(samples),
                        throttled,
                        startup,
                        settled,
                        largestQueueWhileHalved,
                        throttledWhileHalved,
                        recovered);
            } finally {
                subscriptions.forEach(FeedbackBus.Subscription::close);
                if (balancer != null) {
                    balancer.close();
                }
            }
        }
    }

    /** The queues summed over the replicas and the largest queueing delay (ms), every {@link #SAMPLE}. */
    private static List<double[]> sample(List<WriteCoordinator<Bar>> coordinators, Duration window) {
        List<double[]> samples = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            double queue = 0;
            double delay = 0;
            for (WriteCoordinator<Bar> c : coordinators) {
                queue += c.queueSize();
                delay = Math.max(delay, c.queueDelay().toNanos() / 1e6);
            }
            samples.add(new double[] {queue, delay});
            LockSupport.parkNanos(SAMPLE.toNanos());
        }
        return samples;
    }

    /** {seconds since the step, the feeders' paced rates together} every 50 ms for {@code length}. */
    private static List<double[]> pacedRates(List<ConfigurableApplicationContext> feeders, Duration length) {
        List<double[]> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (System.nanoTime() - start < length.toNanos()) {
            double paced = 0;
            for (ConfigurableApplicationContext feeder : feeders) {
                var pacing = PacedLoop.pacing(feeder);
                paced += pacing == null ? Double.NaN : pacing.pacedRate();
            }
            samples.add(new double[] {(System.nanoTime() - start) / 1e9, paced});
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        return samples;
    }

    /** When the paced rate came within 10 % of {@code rate} and stayed there for 2 s; null if it never did. */
    private static Duration settledWithin(List<double[]> paced, double rate) {
        double since = -1;
        for (double[] sample : paced) {
            if (Math.abs(sample[1] - rate) <= 0.1 * rate) {
                since = since < 0 ? sample[0] : since;
                if (sample[0] - since >= 2) {
                    return Duration.ofMillis((long) (since * 1000));
                }
            } else {
                since = -1;
            }
        }
        return null;
    }

    /** {rows written, seconds} between two instants, from a row-count watch. */
    private static double[] rowsBetween(List<LoopWatch.Change> rows, Instant from, Instant to) {
        LoopWatch.Change first = null;
        LoopWatch.Change last = null;
        for (LoopWatch.Change change : rows) {
            if (!change.at().isAfter(from)) {
                first = change;
            }
            if (!change.at().isAfter(to)) {
                last = change;
            }
        }
        if (first == null || last == null || !last.at().isAfter(first.at())) {
            return new double[] {0, 1};
        }
        return new double[] {
            last.value() - first.value(),
            Duration.between(first.at(), last.at()).toNanos() / 1e9
        };
    }

    private static long throttled(List<ConfigurableApplicationContext> feeders) {
        return feeders.stream().mapToLong(PacedLoop::throttled).sum();
    }

    private static String seconds(Duration duration) {
        return duration == null ? "—" : LoopBench.fixed(duration.toMillis() / 1000.0, 1) + " s";
    }
}

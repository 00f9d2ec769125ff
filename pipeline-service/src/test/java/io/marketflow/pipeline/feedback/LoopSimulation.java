package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.pipeline.ratelimit.ProviderLimits;
import io.marketflow.pipeline.ratelimit.ProviderSnapshot;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The closed loop in virtual time: pipelines (each the real {@link RateCoordinator} and {@link FeedbackHandler}
 * with the real {@link PacePolicy}, its providers always having bars to send) in front of a model of the store's
 * replicas (a bounded FIFO queue each, drained at a capacity that follows a schedule, a drain-rate estimate
 * measured while backlogged, raised by an up to fourfold extrapolation without one, levels with hysteresis, events every 250 ms while backlogged or not ok and a
 * heartbeat otherwise), the feedback delivered with a delay and lost at random. Deterministic for a seed.
 */
final class LoopSimulation {

    static final long STEP_NANOS = Duration.ofMillis(10).toNanos();
    static final long PUBLISH_NANOS = Duration.ofMillis(250).toNanos();
    static final long HEARTBEAT_NANOS = Duration.ofSeconds(5).toNanos();
    static final long LEVEL_DWELL_NANOS = Duration.ofSeconds(1).toNanos();

    /**
     * @param capacity the database's total write capacity (items/s) at a time in seconds, shared equally by the
     *     replicas
     * @param overload the providers' summed base rate per pipeline, as a multiple of the nominal capacity
     * @param providers providers per pipeline; provider {@code i} weighs {@code 1 + i % 3}
     * @param noise each 250 ms the capacity is multiplied by a uniform factor within {@code 1 +- noise}
     * @param webhookDelayMs feedback arrives after this plus up to as much again at random
     * @param loss the share of feedback events lost
     * @param reportsDrainRate false for an older store that sends neither drain_rate nor queue_delay_ms
     * @param busiestShare the share of every pipeline's batches that replica 0 gets, the others sharing the rest
     *     equally (a balancer that splits connections, not requests); 0 for round robin
     */
    record Scenario(
            String name,
            double nominalCapacity,
            DoubleUnaryOperator capacity,
            double overload,
            int providers,
            int replicas,
            int pipelines,
            double noise,
            long webhookDelayMs,
            double loss,
            boolean reportsDrainRate,
            int queueCapacity,
            Duration length,
            long seed,
            double busiestShare) {

        @Override
        public String toString() {
            return name;
        }
    }

    private final Scenario scenario;
    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final Random random;
    private final List<Pipeline> pipelines = new ArrayList<>();
    private final List<Replica> replicas = new ArrayList<>();
    private long webhookIds;

    LoopSimulation(Scenario scenario) {
        this.scenario = scenario;
        this.random = new Random(scenario.seed());
        for (int r = 0; r < scenario.replicas(); r++) {
            replicas.add(new Replica("bars-coord-" + r, scenario.queueCapacity()));
        }
        for (int p = 0; p < scenario.pipelines(); p++) {
            pipelines.add(new Pipeline(p));
        }
    }

    private long now() {
        return time.now(TimeUnit.NANOSECONDS);
    }

    Run run() {
        int seconds = (int) scenario.length().toSeconds();
        Run run = new Run(seconds, scenario.providers());
        pipelines.forEach(Pipeline::start);
        long end = scenario.length().toNanos();
        double capacityNow = scenario.capacity().applyAsDouble(0);
        while (now() < end) {
            long t = now();
            int second = (int) (t / 1_000_000_000L);
            if (t % PUBLISH_NANOS == 0) {
                double factor = 1 + scenario.noise() * (2 * random.nextDouble() - 1);
                capacityNow = scenario.capacity().applyAsDouble(t / 1e9) * factor;
            }
            double perReplica = capacityNow / replicas.size();
            for (Replica replica : replicas) {
                replica.serve(perReplica * STEP_NANOS / 1e9, t, run, second);
                run.queueSum[second] += replica.size;
                run.queueSamples[second]++;
                run.queueMaxBySecond[second] = Math.max(run.queueMaxBySecond[second], replica.size);
                run.rejectedBySecond[second] += replica.rejected;
                replica.rejected = 0;
                if (replica.publishIfDue(t, perReplica)) {
                    run.levelChangesBySecond[second]++;
                }
            }
            run.capacity[second] += scenario.capacity().applyAsDouble(t / 1e9) * STEP_NANOS / 1e9;
            if (t % PUBLISH_NANOS == 0) {
                double paced = 0;
                for (Pipeline p : pipelines) {
                    paced += p.rates.snapshots().stream()
                            .mapToDouble(ProviderSnapshot::effectiveRate)
                            .sum();
                }
                run.paced[second] += paced / (1_000_000_000L / PUBLISH_NANOS);
            }
            time.advanceTimeBy(Duration.ofNanos(STEP_NANOS));
        }
        pipelines.forEach(Pipeline::stop);
        time.dispose();
        return run;
    }

    /** What a run measured, per second of virtual time. */
    static final class Run {
        final double[] capacity;
        final double[] written;
        final double[] paced;
        final double[] queueSum;
        final int[] queueSamples;
        /** Items written per second of run and per 10 ms of queueing delay (up to 10 s). */
        final long[][] delayHistogram;
        /** Items written per provider weight (1, 2, 3). */
        final double[] writtenByWeight = new double[4];

        final int[] queueMaxBySecond;
        final int[] levelChangesBySecond;
        final long[] rejectedBySecond;

        Run(int seconds, int providers) {
            capacity = new double[seconds + 1];
            written = new double[seconds + 1];
            paced = new double[seconds + 1];
            queueSum = new double[seconds + 1];
            queueSamples = new int[seconds + 1];
            delayHistogram = new long[seconds + 1][1001];
            queueMaxBySecond = new int[seconds + 1];
            levelChangesBySecond = new int[seconds + 1];
            rejectedBySecond = new long[seconds + 1];
        }

        int queueMax(int from, int to) {
            return Arrays.stream(queueMaxBySecond, from, to).max().orElse(0);
        }

        int levelChanges(int from, int to) {
            return Arrays.stream(levelChangesBySecond, from, to).sum();
        }

        long rejected(int from, int to) {
            return Arrays.stream(rejectedBySecond, from, to).sum();
        }

        double queueMean(int from, int to) {
            double sum = 0;
            long samples = 0;
            for (int s = from; s < to; s++) {
                sum += queueSum[s];
                samples += queueSamples[s];
            }
            return sum / samples;
        }

        double writtenShare(int from, int to) {
            return Arrays.stream(written, from, to).sum()
                    / Arrays.stream(capacity, from, to).sum();
        }

        /** The queueing delay (seconds) under which {@code share} of the items written in [from, to) waited. */
        double delayQuantile(int from, int to, double share) {
            long[] merged = new long[1001];
            long total = 0;
            for (int s = from; s < to; s++) {
                for (int b = 0; b < merged.length; b++) {
                    merged[b] += delayHistogram[s][b];
                    total += delayHistogram[s][b];
                }
            }
            long seen = 0;
            for (int b = 0; b < merged.length; b++) {
                seen += merged[b];
                if (seen >= share * total) {
                    return (b + 1) / 100.0;
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    /** A chunk of items from one provider weight that arrived together. */
    private record Chunk(long arrivedNanos, int weight, double[] remaining) {}

    private final class Replica {
        final String id;
        final int capacity;
        final int low;
        final int high;
        final Deque<Chunk> queue = new ArrayDeque<>();
        int size;
        double credit;
        BackpressureLevel level = BackpressureLevel.OK;
        long levelSince;
        long rejected;
        long seq;
        long lastPublished = Long.MIN_VALUE / 2;
        double servedInWindow;
        boolean backloggedWindow;
        final double[] recentRates = new double[4];
        int recentCount;
        Double drainRate;

        Replica(String id, int capacity) {
            this.id = id;
            this.capacity = capacity;
            this.low = capacity / 2;
            this.high = capacity * 8 / 10;
        }

        boolean offer(int items, int weight, long now) {
            if (size + items > capacity) {
                rejected += items;
                return false;
            }
            queue.addLast(new Chunk(now, weight, new double[] {items}));
            size += items;
            return true;
        }

        void serve(double budget, long now, Run run, int second) {
            credit = Math.min(credit + budget, Math.max(budget, 1.0) * 2);
            while (!queue.isEmpty() && credit >= 1) {
                Chunk head = queue.peekFirst();
                int take = (int) Math.min(head.remaining()[0], Math.floor(credit));
                head.remaining()[0] -= take;
                credit -= take;
                size -= take;
                servedInWindow += take;
                run.written[second] += take;
                run.writtenByWeight[head.weight()] += take;
                int bucket = (int) Math.min(1000, (now - head.arrivedNanos()) / 10_000_000L);
                run.delayHistogram[second][bucket] += take;
                if (head.remaining()[0] <= 0) {
                    queue.pollFirst();
                }
            }
            if (queue.isEmpty()) {
                backloggedWindow = false;
                credit = 0;
            }
        }

        /** Publishes what is due; true when the level changed. */
        boolean publishIfDue(long now, double capacityNow) {
            BackpressureLevel next = nextLevel(now);
            boolean changed = next != level;
            if (changed) {
                level = next;
                levelSince = now;
            }
            if (now % PUBLISH_NANOS == 0) {
                double served = servedInWindow * 1e9 / PUBLISH_NANOS;
                // Like the store's estimate: measured under a backlog; without one, partial batches count as the
                // full ones they would have been (up to four times their size), and only ever raise it.
                double unsaturated = Math.min(capacityNow, 4 * served);
                if (servedInWindow > 0 && (backloggedWindow || drainRate == null || unsaturated > drainRate)) {
                    recentRates[recentCount++ % recentRates.length] = backloggedWindow ? served : unsaturated;
                    // Items written per second over the last second with a backlog (four windows).
                    drainRate = Arrays.stream(recentRates, 0, Math.min(recentCount, recentRates.length))
                            .average()
                            .orElseThrow();
                }
                servedInWindow = 0;
                backloggedWindow = size > 0;
            }
            boolean busy = size > 0 || level != BackpressureLevel.OK;
            boolean due = busy ? now % PUBLISH_NANOS == 0 : now - lastPublished >= HEARTBEAT_NANOS;
            if (changed || due) {
                lastPublished = now;
                publish(now);
            }
            return changed;
        }

        /**
         * The store's LevelHysteresis: worse at once (hard at the high watermark, soft above the low one); better
         * only after the level has been held 1 s, out of hard at {@code high - band}, to ok at
         * {@code low - band}, where {@code band = (high - low) / 2}.
         */
        private BackpressureLevel nextLevel(long now) {
            BackpressureLevel entered =
                    size >= high ? BackpressureLevel.HARD : size > low ? BackpressureLevel.SOFT : null;
            if (entered != null && entered.compareTo(level) > 0) {
                return entered;
            }
            if (level == BackpressureLevel.OK || now - levelSince < LEVEL_DWELL_NANOS) {
                return level;
            }
            int band = (high - low) / 2;
            BackpressureLevel relaxed = size <= Math.max(0, low - band)
                    ? BackpressureLevel.OK
                    : size <= high - band ? BackpressureLevel.SOFT : BackpressureLevel.HARD;
            return relaxed.compareTo(level) < 0 ? relaxed : level;
        }

        private void publish(long now) {
            Long delayMs = queue.isEmpty() ? 0L : (now - queue.peekFirst().arrivedNanos()) / 1_000_000L;
            FeedbackEvent event = scenario.reportsDrainRate()
                    ? new FeedbackEvent(
                            id,
                            size,
                            capacity,
                            level,
                            null,
                            Instant.EPOCH.plusNanos(now),
                            ++seq,
                            drainRate,
                            drainRate == null ? null : delayMs)
                    : new FeedbackEvent(id, size, capacity, level, null, Instant.EPOCH.plusNanos(now), ++seq);
            if (System.getProperty("sim.debug") != null && id.endsWith("-0")) {
                var fb = pipelines.get(0).feedback.snapshot();
                System.out.printf(
                        "t=%.2f size=%d D=%s delay=%s level=%s paced=%.0f%n",
                        now / 1e9,
                        size,
                        drainRate == null ? "-" : String.format("%.0f", drainRate),
                        delayMs,
                        level,
                        fb.pacing() == null ? -1 : fb.pacing().pacedRate());
            }
            for (Pipeline pipeline : pipelines) {
                if (random.nextDouble() < scenario.loss()) {
                    continue;
                }
                long delay = scenario.webhookDelayMs() + (long) (random.nextDouble() * scenario.webhookDelayMs());
                String webhookId = "msg_" + ++webhookIds;
                time.schedule(() -> pipeline.feedback.handle(event, webhookId), delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private final class Pipeline {
        static final int BATCH = 100;
        static final long LINGER_NANOS = Duration.ofMillis(250).toNanos();

        final RateCoordinator rates;
        final FeedbackHandler feedback;
        final List<String> providers = new ArrayList<>();
        final int[] weights;
        final int[] units;
        final int[] pending;
        final long[] firstPendingNanos;
        int nextReplica;
        final long[] sentTo = new long[scenario.replicas()];
        boolean running;
        reactor.core.Disposable ticker;
        reactor.core.Disposable linger;

        Pipeline(int index) {
            rates = new RateCoordinator(() -> now(), time);
            int n = scenario.providers();
            weights = new int[n];
            units = new int[n];
            pending = new int[n];
            firstPendingNanos = new long[n];
            int weightSum = 0;
            for (int i = 0; i < n; i++) {
                weights[i] = n == 1 ? 1 : 1 + i % 3;
                weightSum += weights[i];
            }
            double full = scenario.overload() * scenario.nominalCapacity();
            for (int i = 0; i < n; i++) {
                String name = "p" + index + "_" + i;
                providers.add(name);
                double base = full * weights[i] / weightSum;
                // Tokens are taken a few bars at a time (at most 200 takes a second at full rate), to keep runs fast.
                units[i] = (int) Math.max(1, Math.min(BATCH / 4, Math.ceil(base / 200)));
                rates.register(name, new ProviderLimits(BATCH, base, Duration.ZERO, 5, Duration.ofSeconds(1)));
            }
            feedback = new FeedbackHandler(
                    rates,
                    new PacePolicy(PacePolicy.Settings.DEFAULT, StepPolicy.DEFAULT),
                    new FeedbackHandler.Settings(Duration.ofSeconds(15), BackpressureLevel.SOFT, 32),
                    () -> now());
        }

        void start() {
            running = true;
            ticker = time.schedulePeriodically(feedback::reevaluate, 0, 250, TimeUnit.MILLISECONDS);
            linger = time.schedulePeriodically(this::linger, 10, 10, TimeUnit.MILLISECONDS);
            for (int i = 0; i < providers.size(); i++) {
                pump(i);
            }
        }

        void stop() {
            running = false;
            ticker.dispose();
            linger.dispose();
        }

        /** The router's linger: a partial batch goes out 250 ms after its first bar. */
        private void linger() {
            long now = now();
            for (int i = 0; i < pending.length; i++) {
                if (pending[i] > 0 && now - firstPendingNanos[i] >= LINGER_NANOS) {
                    flush(i);
                }
            }
        }

        /** Like the router: a token per bar, batches of 100 or what lingered, one replica after the other. */
        private void pump(int i) {
            if (!running) {
                return;
            }
            rates.acquire(providers.get(i), units[i]).subscribe(null, e -> {}, () -> {
                if (pending[i] == 0) {
                    firstPendingNanos[i] = now();
                }
                pending[i] += units[i];
                if (pending[i] >= BATCH) {
                    flush(i);
                }
                // Re-acquire on the scheduler, not inside this completion, so a full bucket cannot recurse deeply.
                time.schedule(() -> pump(i));
            });
        }

        /** Round robin, or the replica furthest behind its share when the split is uneven. */
        private int nextReplica() {
            int n = replicas.size();
            if (scenario.busiestShare() <= 0 || n == 1) {
                return nextReplica++ % n;
            }
            int best = 0;
            double bestRatio = Double.POSITIVE_INFINITY;
            for (int r = 0; r < n; r++) {
                double share = r == 0 ? scenario.busiestShare() : (1 - scenario.busiestShare()) / (n - 1);
                double ratio = sentTo[r] / share;
                if (ratio < bestRatio) {
                    best = r;
                    bestRatio = ratio;
                }
            }
            sentTo[best]++;
            return best;
        }

        private void flush(int i) {
            Replica replica = replicas.get(nextReplica());
            replica.offer(pending[i], weights[i], now());
            pending[i] = 0;
        }
    }
}

package io.marketflow.store.sink;

import io.marketflow.contracts.Bar;
import io.marketflow.store.coordinator.CoordinatorConfig;
import io.marketflow.store.coordinator.CoordinatorListener;
import io.marketflow.store.coordinator.WriteCoordinator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * How close the coordinator's {@code drain_rate} comes to the rate it really commits, on the embedded
 * PostgreSQL with the default settings (4 workers, batches of 500): first with a standing backlog (the
 * estimate should equal the commit rate), then offered a fraction of that (the estimate should stay near
 * the capacity rather than fall to the offered rate). Not a test: run it with
 * {@code java -cp <test classpath> io.marketflow.store.sink.DrainRateAccuracyBenchmark [seconds]}.
 */
public final class DrainRateAccuracyBenchmark {

    private static final Instant T0 = Instant.parse("2025-01-02T14:30:00Z");

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        AtomicLong written = new AtomicLong();
        CoordinatorListener counting = new CoordinatorListener() {
            @Override
            public void onBatchWritten(int items, long nanos) {
                written.addAndGet(items);
            }
        };
        try (SinkTestDatabase database = SinkTestDatabase.create(4)) {
            WriteCoordinator<Bar> coordinator = new WriteCoordinator<>(
                    CoordinatorConfig.defaults("bars-coord", 10_000),
                    new UpsertSink<>("bars", Tables.BARS, database.connections(), Duration.ofSeconds(60)),
                    new PostgresFailureClassifier(),
                    (items, error, attempts) -> {},
                    counting);
            coordinator.start();
            int[] next = {0};
            System.out.println(
                    "| phase | offered items/s | committed items/s (2nd half) | mean drain_rate (2nd half) | max queue delay |");
            System.out.println("|---|---|---|---|---|");
            // Backlog: keep at least 4000 queued.
            double capacity = phase("backlog", coordinator, written, seconds, next, Double.NaN);
            for (double share : new double[] {0.5, 0.2}) {
                phase(
                        "offered " + Math.round(share * 100) + " %",
                        coordinator,
                        written,
                        seconds,
                        next,
                        share * capacity);
            }
            coordinator.shutdown(Duration.ofSeconds(30));
        }
    }

    /**
     * Runs one phase; the second half is measured (the first lets the estimate settle): committed items per
     * second over it, and the mean of drain_rate read every 100 ms.
     */
    private static double phase(
            String name, WriteCoordinator<Bar> coordinator, AtomicLong written, long seconds, int[] next, double rate)
            throws InterruptedException {
        boolean backlog = Double.isNaN(rate);
        long start = System.nanoTime();
        long half = start + Duration.ofSeconds(seconds).toNanos() / 2;
        long end = start + Duration.ofSeconds(seconds).toNanos();
        long offered = 0;
        long writtenAtHalf = -1;
        long nextSample = half;
        double estimates = 0;
        int samples = 0;
        long maxDelayMs = 0;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (writtenAtHalf < 0 && now >= half) {
                writtenAtHalf = written.get();
            }
            if (now >= nextSample) {
                Double estimate = coordinator.drainRate();
                estimates += estimate == null ? 0 : estimate;
                samples++;
                maxDelayMs = Math.max(maxDelayMs, coordinator.queueDelay().toMillis());
                nextSample += 100_000_000L;
            }
            long due = backlog ? 0 : (long) (rate * (now - start) / 1e9) - offered;
            if (backlog ? coordinator.queueSize() < 4_000 : due >= 100) {
                int count = backlog ? 1_000 : (int) Math.min(due, 1_000);
                coordinator.submitMany(bars(next, count), false);
                offered += count;
            } else {
                LockSupport.parkNanos(1_000_000);
            }
        }
        double measured = (System.nanoTime() - half) / 1e9;
        double committed = (written.get() - writtenAtHalf) / measured;
        System.out.printf(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f | %,.0f | %d ms |%n",
                name,
                offered / ((System.nanoTime() - start) / 1e9),
                committed,
                estimates / Math.max(1, samples),
                maxDelayMs);
        return committed;
    }

    private static List<Bar> bars(int[] next, int count) {
        IntFunction<Bar> bar = SinkWriteMethodsBenchmark.bar(0);
        List<Bar> bars = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            bars.add(bar.apply(next[0]++));
        }
        return bars;
    }
}

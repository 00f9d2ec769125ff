package io.marketflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows {@code [0, rows)} cut into batches of {@code batchSize}, taken in order by {@code threads} threads, so the
 * database sees the rows roughly in time order whatever the thread count. Each batch's latency is recorded.
 */
final class Batches {

    /** Writes rows {@code [from, to)} and returns once they are committed. */
    @FunctionalInterface
    interface BatchWriter {
        void write(long from, long to) throws Exception;
    }

    private Batches() {}

    static long[] run(long rows, int batchSize, int threads, BatchWriter writer) throws Exception {
        int batches = (int) ((rows + batchSize - 1) / batchSize);
        long[] latencies = new long[batches];
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (long b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                        long from = b * batchSize;
                        long start = System.nanoTime();
                        writer.write(from, Math.min(rows, from + batchSize));
                        latencies[(int) b] = System.nanoTime() - start;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }
}

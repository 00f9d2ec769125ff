package io.marketflow.bench;

import java.util.Arrays;

/** Percentiles of a set of latencies, in milliseconds. */
record Latencies(long samples, double p50, double p95, double p99, double max) {

    static Latencies ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return new Latencies(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(
                sorted.length,
                millis(sorted, 0.50),
                millis(sorted, 0.95),
                millis(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    // Nearest rank: the smallest value with at least q of the samples at or below it.
    private static double millis(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}

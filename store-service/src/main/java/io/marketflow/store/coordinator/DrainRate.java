package io.marketflow.store.coordinator;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * How fast the queue has been emptying lately (items written or dead-lettered per second over the last ten
 * seconds, counted from the first second in them that drained anything), used to tell a refused producer when
 * to come back.
 */
final class DrainRate {

    static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    // Nothing drained lately (a cold start, or the breaker is open): no basis for an estimate.
    static final Duration UNKNOWN_RETRY_AFTER = Duration.ofSeconds(5);

    private static final int WINDOW_SECONDS = 10;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private final long startSecond;
    private final long[] counts = new long[WINDOW_SECONDS];
    private final long[] seconds = new long[WINDOW_SECONDS];

    DrainRate(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.startSecond = second();
        Arrays.fill(seconds, Long.MIN_VALUE);
    }

    synchronized void record(int items) {
        long now = second();
        int slot = (int) Math.floorMod(now, (long) WINDOW_SECONDS);
        if (seconds[slot] != now) {
            seconds[slot] = now;
            counts[slot] = 0;
        }
        counts[slot] += items;
    }

    double perSecond() {
        long[] window = window();
        return (double) window[0] / window[1];
    }

    /** When a backlog of {@code items} should have drained at the recent rate, clamped to [1 s, 60 s]. */
    Duration retryAfter(int items) {
        long[] window = window();
        long drained = window[0];
        if (drained <= 0) {
            return UNKNOWN_RETRY_AFTER;
        }
        long seconds = Math.floorDiv(Math.max(0, items) * window[1] + drained - 1, drained);
        return Duration.ofSeconds(
                Math.max(MIN_RETRY_AFTER.toSeconds(), Math.min(MAX_RETRY_AFTER.toSeconds(), seconds)));
    }

    // {items drained in the window, seconds the window covers}. The window starts at its first second that
    // drained anything: idle seconds before a burst (a store waiting for its first producer) say nothing about
    // how fast it drains, and counting them made a cold store's Retry-After up to ten times too long.
    private synchronized long[] window() {
        long now = second();
        long total = 0;
        long first = now;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            if (seconds[i] != Long.MIN_VALUE && now - seconds[i] < WINDOW_SECONDS && counts[i] > 0) {
                total += counts[i];
                first = Math.min(first, seconds[i]);
            }
        }
        return new long[] {total, Math.max(1, now - Math.max(first, startSecond) + 1)};
    }

    private long second() {
        return Math.floorDiv(nanoTime.getAsLong(), NANOS_PER_SECOND);
    }
}

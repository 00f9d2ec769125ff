package io.marketflow.store.coordinator;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How many items per second the coordinator can commit: items committed per second of the time in which at
 * least one worker holds a batch. Idle time neither counts nor decays the estimate, so a store without traffic
 * keeps reporting what it last managed instead of 0. Under a backlog (workers always busy) it is exactly the
 * commit rate; under light load it is a lower bound above the offered rate (the workers are idle part of the
 * time), never an extrapolation that the database might not honour when the load arrives.
 *
 * <p>The estimate is a ratio of exponentially weighted sums (items and busy time, both decayed with a time
 * constant of busy time), updated when a batch is settled. A batch that takes longer than {@link #STALL} of
 * busy time (a hung database, an open circuit holding it) is folded in on {@link #perSecond} as well, so the
 * estimate falls during an outage rather than after it.
 *
 * <p>Callers report {@link #started}/{@link #finished} around each batch a worker holds and
 * {@link #committed} for every item written; all methods are thread-safe.
 */
final class WriteCapacity {

    static final Duration DEFAULT_TIME_CONSTANT = Duration.ofSeconds(1);
    static final Duration STALL = Duration.ofSeconds(1);

    private final LongSupplier nanoTime;
    private final double timeConstantNanos;

    private int busy;
    private long lastChange;
    private long pendingBusyNanos; // time with a batch held, since the last fold
    private long pendingItems;
    private double weightedItems;
    private double weightedNanos;
    private boolean measured;

    WriteCapacity(LongSupplier nanoTime) {
        this(nanoTime, DEFAULT_TIME_CONSTANT);
    }

    WriteCapacity(LongSupplier nanoTime, Duration timeConstant) {
        if (timeConstant.isZero() || timeConstant.isNegative()) {
            throw new IllegalArgumentException("timeConstant must be positive, got " + timeConstant);
        }
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.timeConstantNanos = timeConstant.toNanos();
        this.lastChange = nanoTime.getAsLong();
    }

    /** A worker took a batch. */
    synchronized void started() {
        accumulate();
        busy++;
    }

    /** A worker's batch is settled (written, dead-lettered or given up); folds what was measured since the last fold. */
    synchronized void finished() {
        accumulate();
        busy = Math.max(0, busy - 1);
        fold();
    }

    /** {@code items} were committed to the database. */
    synchronized void committed(int items) {
        pendingItems += items;
    }

    /** Items per second, or {@code null} before any batch was settled. */
    synchronized Double perSecond() {
        accumulate();
        if (pendingBusyNanos >= STALL.toNanos()) {
            fold();
        }
        if (!measured || weightedNanos <= 0) {
            return null;
        }
        return weightedItems / weightedNanos * 1e9;
    }

    private void accumulate() {
        long now = nanoTime.getAsLong();
        if (busy > 0) {
            pendingBusyNanos += Math.max(0, now - lastChange);
        }
        lastChange = now;
    }

    private void fold() {
        if (pendingBusyNanos <= 0 && pendingItems == 0) {
            return;
        }
        double keep = Math.exp(-pendingBusyNanos / timeConstantNanos);
        weightedItems = weightedItems * keep + pendingItems;
        weightedNanos = weightedNanos * keep + pendingBusyNanos;
        measured = true;
        pendingItems = 0;
        pendingBusyNanos = 0;
    }
}

package io.marketflow.store.coordinator;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How many items per second the coordinator can commit: the service rate of its workers while they hold
 * batches, scaled to all of them ({@code items committed / (worker-busy time / workers)}). Idle time neither
 * counts nor decays the estimate, so a store without traffic keeps reporting what it last managed instead of 0;
 * under a backlog (every worker busy) it is exactly the commit rate.
 *
 * <p>The estimate is a ratio of exponentially weighted sums (items and busy time, both decayed with a time
 * constant of busy time), updated when a batch is settled. A batch that takes longer than
 * {@link #STALL} of busy time (a hung database, an open circuit holding it) is folded in on
 * {@link #perSecond} as well, so the estimate falls during an outage rather than after it.
 *
 * <p>Callers report {@link #started}/{@link #finished} around each batch a worker holds and
 * {@link #committed} for every item written; all methods are thread-safe.
 */
final class WriteCapacity {

    static final Duration DEFAULT_TIME_CONSTANT = Duration.ofSeconds(1);
    static final Duration STALL = Duration.ofSeconds(1);

    private final int workers;
    private final LongSupplier nanoTime;
    private final double timeConstantNanos;

    private int busy;
    private long lastChange;
    private long pendingBusyNanos; // worker-nanoseconds since the last fold
    private long pendingItems;
    private double weightedItems;
    private double weightedNanos; // station time: worker time / workers
    private boolean measured;

    WriteCapacity(int workers, LongSupplier nanoTime) {
        this(workers, nanoTime, DEFAULT_TIME_CONSTANT);
    }

    WriteCapacity(int workers, LongSupplier nanoTime, Duration timeConstant) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (timeConstant.isZero() || timeConstant.isNegative()) {
            throw new IllegalArgumentException("timeConstant must be positive, got " + timeConstant);
        }
        this.workers = workers;
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
        if (pendingBusyNanos / workers >= STALL.toNanos()) {
            fold();
        }
        if (!measured || weightedNanos <= 0) {
            return null;
        }
        return weightedItems / weightedNanos * 1e9;
    }

    private void accumulate() {
        long now = nanoTime.getAsLong();
        pendingBusyNanos += busy * Math.max(0, now - lastChange);
        lastChange = now;
    }

    private void fold() {
        double station = (double) pendingBusyNanos / workers;
        if (station <= 0 && pendingItems == 0) {
            return;
        }
        double keep = Math.exp(-station / timeConstantNanos);
        weightedItems = weightedItems * keep + pendingItems;
        weightedNanos = weightedNanos * keep + station;
        measured = true;
        pendingItems = 0;
        pendingBusyNanos = 0;
    }
}

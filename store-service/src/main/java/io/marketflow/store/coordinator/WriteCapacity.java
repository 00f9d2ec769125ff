package io.marketflow.store.coordinator;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How many items per second the coordinator can commit: items committed per second of the time in which at
 * least one worker holds a batch. Idle time neither counts nor decays the estimate, so a store without traffic
 * keeps reporting what it last managed instead of 0. Under a backlog (workers always busy, full batches) it is
 * exactly the commit rate.
 *
 * <p>Without a backlog the workers write partial batches, and a write's cost is mostly per statement (the
 * round trip, the commit), so items per busy second would follow the offered rate rather than show what the
 * database could take: a pipeline pacing to it would only creep upward. A partial batch therefore counts as
 * the full batch it would have been in the same write time, up to {@link #MAX_EXTRAPOLATION} times its size,
 * and such a measurement only ever raises the estimate: a store that is not saturated shows a lower bound of
 * what it could take, so a lull (a paused pipeline) does not pull the estimate down with the offered rate.
 * Where the cost is mostly per row this overstates the capacity by at most that factor, and only until the
 * load arrives: then batches are full and the estimate is measured, up or down, not extrapolated.
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
    static final int MAX_EXTRAPOLATION = 4;

    private final LongSupplier nanoTime;
    private final double timeConstantNanos;
    private final int batchSize;

    private int busy;
    private long lastChange;
    private long pendingBusyNanos; // time with a batch held, since the last fold
    private long pendingItems;
    private int pendingPartial; // batches since the last fold that were not full
    private int pendingFull;
    private double weightedItems;
    private double weightedNanos;
    private boolean measured;

    /** Counts items as committed, partial batches included (no extrapolation). */
    WriteCapacity(LongSupplier nanoTime) {
        this(nanoTime, DEFAULT_TIME_CONSTANT, 1);
    }

    /** @param batchSize the most items a worker takes at once; smaller batches are extrapolated to it */
    WriteCapacity(LongSupplier nanoTime, int batchSize) {
        this(nanoTime, DEFAULT_TIME_CONSTANT, batchSize);
    }

    WriteCapacity(LongSupplier nanoTime, Duration timeConstant, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (timeConstant.isZero() || timeConstant.isNegative()) {
            throw new IllegalArgumentException("timeConstant must be positive, got " + timeConstant);
        }
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.timeConstantNanos = timeConstant.toNanos();
        this.batchSize = batchSize;
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
        if (pendingPartial > 0 && pendingFull == 0 && measured && belowEstimate()) {
            // Only partial batches, slower than the estimate: the offered rate was low, not the capacity.
            pendingItems = 0;
            pendingBusyNanos = 0;
            pendingPartial = 0;
            return;
        }
        fold();
    }

    private boolean belowEstimate() {
        double keep = Math.exp(-pendingBusyNanos / timeConstantNanos);
        return (weightedItems * keep + pendingItems) / (weightedNanos * keep + pendingBusyNanos)
                < weightedItems / weightedNanos;
    }

    /** One batch's {@code items} were committed to the database. */
    synchronized void committed(int items) {
        if (items >= batchSize) {
            pendingItems += items;
            pendingFull++;
        } else {
            pendingItems += Math.min(batchSize, (long) items * MAX_EXTRAPOLATION);
            pendingPartial++;
        }
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
        pendingPartial = 0;
        pendingFull = 0;
    }
}

package io.marketflow.store.coordinator;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Lets workers pause (between retry rounds, while the breaker is open) in a way that shutdown can cut short,
 * and that a circuit-breaker transition can end early so a waiting worker reacts at once.
 *
 * <p>Pauses are measured on the coordinator's nano-time source and re-checked at least every {@link #POLL}, so
 * a test that moves that source by hand sees paused workers react within one poll.
 */
final class StopSignal {

    /** The longest a waiting thread sleeps before it looks at the nano-time source again. */
    static final Duration POLL = Duration.ofMillis(100);

    private final LongSupplier nanoTime;
    private volatile boolean abandoned;
    private long generation;

    StopSignal(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** The shutdown deadline passed: whatever workers still hold now belongs to the dead-letter queue. */
    boolean abandoned() {
        return abandoned;
    }

    synchronized void abandon() {
        abandoned = true;
        notifyAll();
    }

    /** Ends every current {@link #pause} early. */
    synchronized void wakeAll() {
        generation++;
        notifyAll();
    }

    /** Waits up to {@code duration} or until woken; returns {@code false} once the work is abandoned. */
    synchronized boolean pause(Duration duration) {
        return pauseSince(generation, duration);
    }

    /** How many wake-ups there have been: pass it to {@link #pauseSince} to miss none after this call. */
    synchronized long generation() {
        return generation;
    }

    /**
     * As {@link #pause}, but ends at once if woken since {@code seen} was read: a caller that checks a condition
     * and then pauses does not sleep through a wake-up that came in between.
     */
    synchronized boolean pauseSince(long seen, Duration duration) {
        long deadline = nanoTime.getAsLong() + duration.toNanos();
        while (!abandoned && generation == seen) {
            long remaining = deadline - nanoTime.getAsLong();
            if (remaining <= 0) {
                break;
            }
            try {
                wait(pollMillis(remaining));
            } catch (InterruptedException e) {
                // Shutdown interrupts workers after abandoning; the flag, not the interrupt, is the truth.
                break;
            }
        }
        return !abandoned;
    }

    /** {@code remainingNanos} rounded up to whole milliseconds, at most one {@link #POLL}. */
    static long pollMillis(long remainingNanos) {
        return Math.min((remainingNanos + 999_999) / 1_000_000, POLL.toMillis());
    }
}

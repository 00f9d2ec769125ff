package io.marketflow.store.coordinator;

import java.time.Duration;

/**
 * Lets workers pause (between retry rounds, while the breaker is open) in a way that shutdown can cut short,
 * and that a circuit-breaker transition can end early so a waiting worker reacts at once.
 */
final class StopSignal {

    private volatile boolean abandoned;
    private long generation;

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
        long deadline = System.nanoTime() + duration.toNanos();
        long started = generation;
        while (!abandoned && generation == started) {
            long remainingMillis = (deadline - System.nanoTime() + 999_999) / 1_000_000;
            if (remainingMillis <= 0) {
                break;
            }
            try {
                wait(remainingMillis);
            } catch (InterruptedException e) {
                // Shutdown interrupts workers after abandoning; the flag, not the interrupt, is the truth.
                break;
            }
        }
        return !abandoned;
    }
}

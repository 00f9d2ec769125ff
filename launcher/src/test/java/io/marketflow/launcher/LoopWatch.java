package io.marketflow.launcher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * Samples a value (a pipeline's scale, a queue's size) on a thread of its own and keeps every change with
 * the wall-clock instant it was first seen, so that it can be lined up with the store's event timestamps
 * (taken from the same clock in the same JVM). Resolution is the sampling period plus scheduling delay.
 */
final class LoopWatch implements AutoCloseable {

    /** A value and when it was first seen (or set). */
    record Change(Instant at, double value) {}

    private static final Clock CLOCK = Clock.systemUTC();

    private final DoubleSupplier source;
    private final long periodNanos;
    private final List<Change> changes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile double current;

    LoopWatch(String name, DoubleSupplier source, Duration period) {
        this.source = source;
        this.periodNanos = period.toNanos();
        this.current = source.getAsDouble();
        synchronized (changes) {
            changes.add(new Change(CLOCK.instant(), current));
        }
        this.thread = new Thread(this::run, "watch-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            double value = source.getAsDouble();
            if (value != current) {
                Instant at = CLOCK.instant();
                current = value;
                synchronized (changes) {
                    changes.add(new Change(at, value));
                }
            }
            LockSupport.parkNanos(periodNanos);
        }
    }

    double current() {
        return current;
    }

    /** Every change so far, oldest first; the first entry is the value when watching began. */
    List<Change> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    /** Changes seen within [from, to). */
    static long countBetween(List<Change> changes, Instant from, Instant to) {
        return changes.stream()
                .filter(c -> !c.at().isBefore(from) && c.at().isBefore(to))
                .count();
    }

    /** The time-weighted mean and the maximum of the value over [from, to). */
    static double[] meanAndMax(List<Change> changes, Instant from, Instant to) {
        double weighted = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < changes.size(); i++) {
            Instant start =
                    changes.get(i).at().isBefore(from) ? from : changes.get(i).at();
            Instant end = i + 1 < changes.size() && changes.get(i + 1).at().isBefore(to)
                    ? changes.get(i + 1).at()
                    : to;
            if (end.isAfter(start)) {
                weighted +=
                        changes.get(i).value() * Duration.between(start, end).toNanos();
                max = Math.max(max, changes.get(i).value());
            }
        }
        return new double[] {weighted / Duration.between(from, to).toNanos(), max};
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }

    /** A recorder with the same {@link Change} entries, fed by whoever sets the value rather than by sampling. */
    static final class Recorder {
        private final List<Change> changes = new ArrayList<>();
        private double current;

        Recorder(double initial) {
            current = initial;
            changes.add(new Change(CLOCK.instant(), initial));
        }

        synchronized void set(double value) {
            if (value != current) {
                current = value;
                changes.add(new Change(CLOCK.instant(), value));
            }
        }

        synchronized double current() {
            return current;
        }

        synchronized List<Change> changes() {
            return List.copyOf(changes);
        }
    }
}

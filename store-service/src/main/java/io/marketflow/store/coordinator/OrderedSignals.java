package io.marketflow.store.coordinator;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers queue-state callbacks outside the queue lock but in the order the lock saw them. The queue
 * {@link #post posts} while holding its lock (that fixes the order) and calls {@link #deliver} after
 * releasing it; whichever thread gets there first delivers everything pending, one callback at a time.
 */
final class OrderedSignals {

    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();

    void post(Runnable signal) {
        pending.add(signal);
    }

    void deliver() {
        // Re-check after letting go: a signal posted while another thread was finishing must not be stranded.
        while (!pending.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                Runnable signal;
                while ((signal = pending.poll()) != null) {
                    signal.run();
                }
            } finally {
                delivering.set(false);
            }
        }
    }
}

package io.marketflow.store.coordinator;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread: takes a batch when the breaker is closed (or, when it is not, takes one as the
 * half-open probe) and hands it to the {@link BatchWriter}. While the breaker is open it takes nothing, so
 * items stay queued and the backpressure level rises. Exits when the queue is closed and empty, or when
 * shutdown abandons the work.
 */
final class Worker<T> implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final BoundedQueue<T> queue;
    private final BatchWriter<T> writer;
    private final WriteCircuitBreaker breaker;
    private final StopSignal stop;
    private final Ledger<T> ledger;
    // Replaced only under the queue lock when a new batch is taken, so shutdown finds every held item here.
    private volatile InFlight<T> current;

    /** Takes from {@code queue} and writes through {@code writer}, obeying the writer's breaker and stop signal. */
    Worker(BoundedQueue<T> queue, BatchWriter<T> writer) {
        this.queue = queue;
        this.writer = writer;
        this.breaker = writer.breaker();
        this.stop = writer.stop();
        this.ledger = writer.ledger();
    }

    @Override
    public void run() {
        try {
            while (!stop.abandoned()) {
                // Read before looking at the breaker, so a transition between the look and a pause ends the pause.
                long seen = stop.generation();
                if (breaker.closed()) {
                    List<QueuedItem<T>> batch = queue.takeBatch(breaker::closed, this::hold, this::idle);
                    if (batch == null) {
                        return;
                    }
                    if (!batch.isEmpty()) {
                        deliver(batch, false);
                    }
                } else if (queue.closingAndEmpty()) {
                    return;
                } else if (!breaker.probeDue()) {
                    idle();
                    stop.pauseSince(seen, breaker.untilProbe());
                } else if (queue.size() == 0 || !breaker.tryAcquire()) {
                    stop.pauseSince(seen, StopSignal.POLL);
                } else {
                    List<QueuedItem<T>> probe = queue.takeNow(this::hold);
                    if (probe.isEmpty()) {
                        breaker.release();
                    } else {
                        deliver(probe, true);
                    }
                }
            }
        } catch (InterruptedException e) {
            // Interrupted by shutdown after it abandoned the work.
        } finally {
            idle();
        }
    }

    /** Tells the sink this worker has nothing to write for now, so it lets go of what it keeps between batches. */
    private void idle() {
        try {
            writer.sink().idle();
        } catch (RuntimeException e) {
            log.warn(
                    "write coordinator sink {} failed to go idle", writer.sink().name(), e);
        }
    }

    /** Everything this worker still holds; afterwards the worker can settle none of it. */
    List<QueuedItem<T>> claim() {
        InFlight<T> held = current;
        return held == null ? List.of() : held.claimAll();
    }

    private void hold(List<QueuedItem<T>> batch) {
        current = new InFlight<>(batch);
    }

    private void deliver(List<QueuedItem<T>> batch, boolean permitHeld) {
        try {
            writer.deliver(current, batch, permitHeld);
        } catch (RuntimeException e) {
            // A bug, not a write failure (those are caught inside): park what is left and keep working.
            log.error("write coordinator worker failed; dead-lettering the batch it held", e);
            ledger.deadLetter(claim(), "write coordinator worker failed: " + e, 0);
        } finally {
            queue.batchDone(batch);
        }
    }
}

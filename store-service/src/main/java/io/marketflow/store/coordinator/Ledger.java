package io.marketflow.store.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every admitted item ends up, exactly once: written, dead-lettered, or (only if the dead-letter queue
 * itself fails) lost and logged. Keeps the totals, settles commit trackers, and feeds the drain rate.
 */
final class Ledger<T> {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    private static final int DEAD_LETTER_ATTEMPTS = 3;
    private static final long DEAD_LETTER_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String coordinatorId;
    private final DeadLetterSink<T> deadLetters;
    private final CoordinatorListener listener;
    private final DrainRate drainRate;

    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();

    Ledger(String coordinatorId, DeadLetterSink<T> deadLetters, CoordinatorListener listener, DrainRate drainRate) {
        this.coordinatorId = coordinatorId;
        this.deadLetters = deadLetters;
        this.listener = listener;
        this.drainRate = drainRate;
    }

    void submitted(int items) {
        submitted.addAndGet(items);
        listener.onSubmitted(items);
    }

    void written(List<QueuedItem<T>> items, long nanos) {
        written.addAndGet(items.size());
        drainRate.record(items.size());
        // The journal first: once a caller learns of the commit, the journal already knows it too.
        QueuedItem.settleReceipts(items);
        CommitTracker.written(items);
        listener.onBatchWritten(items.size(), nanos);
    }

    /**
     * Parks {@code items} in the dead-letter queue and returns once they are durable there. A failing
     * dead-letter queue is retried briefly; after that the items are logged in full at ERROR level and their
     * tracked requests fail. Their journal receipts stay unsettled, so the journal keeps them for the next start.
     */
    void deadLetter(List<QueuedItem<T>> items, String error, int attempts) {
        if (items.isEmpty()) {
            return;
        }
        List<T> values = new ArrayList<>(items.size());
        items.forEach(item -> values.add(item.item()));
        // Shutdown interrupts workers; an interrupt would close the dead-letter file channel mid-write.
        boolean interrupted = Thread.interrupted();
        Exception failure = null;
        try {
            for (int attempt = 1; attempt <= DEAD_LETTER_ATTEMPTS; attempt++) {
                try {
                    deadLetters.deadLetter(values, error, attempts);
                    deadLettered.addAndGet(items.size());
                    drainRate.record(items.size());
                    QueuedItem.settleReceipts(items);
                    CommitTracker.deadLettered(items);
                    listener.onDeadLettered(items.size());
                    return;
                } catch (Exception e) {
                    failure = e;
                    Thread.interrupted();
                    LockSupport.parkNanos(DEAD_LETTER_BACKOFF_NANOS * attempt);
                }
            }
            lost.addAndGet(items.size());
            log.error(
                    "write coordinator {}: dead-letter queue refused {} items ({}); they are lost: {}",
                    coordinatorId,
                    items.size(),
                    error,
                    values,
                    failure);
            CommitTracker.lost(items, failure);
            listener.onDeadLetterFailed(items.size(), failure);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    long submitted() {
        return submitted.get();
    }

    long written() {
        return written.get();
    }

    long deadLettered() {
        return deadLettered.get();
    }

    long lost() {
        return lost.get();
    }
}

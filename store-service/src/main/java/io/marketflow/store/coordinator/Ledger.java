package io.marketflow.store.coordinator;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every admitted item ends up, exactly once: written, dead-lettered, or (only if the dead-letter queue
 * still fails when the process stops) lost and logged. While the dead-letter queue fails, what it refused is
 * held here in memory. Keeps the totals, settles commit trackers, and feeds the drain rate and the
 * write-capacity estimate (committed items only).
 */
final class Ledger<T> implements HeldDeadLetters {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    private static final int DEAD_LETTER_ATTEMPTS = 3;
    private static final long DEAD_LETTER_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String coordinatorId;
    private final DeadLetterSink<T> deadLetters;
    private final CoordinatorListener listener;
    private final DrainRate drainRate;
    private final WriteCapacity capacity;

    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    // Parcels the dead-letter queue refused, oldest first; heldItems and deadLetterFailure change with it.
    private final ArrayDeque<Parcel<T>> held = new ArrayDeque<>();
    private final ReentrantLock retrying = new ReentrantLock();
    private int heldItems;
    private volatile String deadLetterFailure;

    private record Parcel<T>(List<QueuedItem<T>> items, String error, int attempts) {}

    Ledger(
            String coordinatorId,
            DeadLetterSink<T> deadLetters,
            CoordinatorListener listener,
            DrainRate drainRate,
            WriteCapacity capacity) {
        this.coordinatorId = coordinatorId;
        this.deadLetters = deadLetters;
        this.listener = listener;
        this.drainRate = drainRate;
        this.capacity = capacity;
    }

    void submitted(int items) {
        submitted.addAndGet(items);
        listener.onSubmitted(items);
    }

    void written(List<QueuedItem<T>> items, long nanos) {
        written.addAndGet(items.size());
        drainRate.record(items.size());
        capacity.committed(items.size());
        // The journal first: once a caller learns of the commit, the journal already knows it too.
        QueuedItem.settleReceipts(items);
        CommitTracker.written(items);
        listener.onBatchWritten(items.size(), nanos);
    }

    /**
     * Parks {@code items} in the dead-letter queue and returns once they are durable there. A failing
     * dead-letter queue is retried briefly; after that the items are held here, in memory, until
     * {@link #retry} gets them in, and {@link #failure} says why, so that the coordinator refuses
     * new work instead of acknowledging items it could lose. Their tracked requests stay pending meanwhile, and
     * their journal receipts stay unsettled, so the journal keeps them for the next start.
     */
    void deadLetter(List<QueuedItem<T>> items, String error, int attempts) {
        if (items.isEmpty()) {
            return;
        }
        Parcel<T> parcel = new Parcel<>(List.copyOf(items), error, attempts);
        synchronized (held) {
            if (!held.isEmpty()) {
                // Behind the parcels already waiting, so records stay in order; retry takes it from here.
                held.addLast(parcel);
                heldItems += parcel.items().size();
                return;
            }
        }
        Exception failure = park(parcel, DEAD_LETTER_ATTEMPTS);
        if (failure != null) {
            hold(parcel, failure);
        }
    }

    @Override
    public boolean retry() {
        if (!retrying.tryLock()) {
            return false;
        }
        try {
            while (true) {
                Parcel<T> next;
                synchronized (held) {
                    next = held.peekFirst();
                }
                if (next == null) {
                    return true;
                }
                Exception failure = park(next, 1);
                if (failure != null) {
                    deadLetterFailure = describe(failure);
                    log.debug("write coordinator {}: dead-letter queue still failing", coordinatorId, failure);
                    return false;
                }
                boolean recovered;
                synchronized (held) {
                    held.pollFirst();
                    heldItems -= next.items().size();
                    recovered = held.isEmpty();
                    if (recovered) {
                        deadLetterFailure = null;
                    }
                }
                if (recovered) {
                    log.info(
                            "write coordinator {}: the dead-letter queue takes records again; every held item is "
                                    + "parked and new work is admitted",
                            coordinatorId);
                    listener.onDeadLetterRecovered();
                }
            }
        } finally {
            retrying.unlock();
        }
    }

    /**
     * Last chance before the process ends (shutdown): one more try, then whatever the dead-letter queue still
     * refuses is logged in full at ERROR level, counted as lost, and its tracked requests fail.
     */
    void giveUpHeld() {
        if (retry()) {
            return;
        }
        List<Parcel<T>> left;
        synchronized (held) {
            left = new ArrayList<>(held);
            held.clear();
            heldItems = 0;
        }
        for (Parcel<T> parcel : left) {
            List<QueuedItem<T>> items = parcel.items();
            lost.addAndGet(items.size());
            List<T> values = new ArrayList<>(items.size());
            items.forEach(item -> values.add(item.item()));
            log.error(
                    "write coordinator {}: dead-letter queue still refuses {} items at shutdown ({}); they are "
                            + "lost: {}",
                    coordinatorId,
                    items.size(),
                    parcel.error(),
                    values);
            CommitTracker.lost(items, new IOException("dead-letter queue failing: " + deadLetterFailure));
        }
    }

    @Override
    public String failure() {
        return deadLetterFailure;
    }

    @Override
    public int items() {
        synchronized (held) {
            return heldItems;
        }
    }

    private void hold(Parcel<T> parcel, Exception failure) {
        boolean first;
        synchronized (held) {
            first = held.isEmpty();
            held.addLast(parcel);
            heldItems += parcel.items().size();
            deadLetterFailure = describe(failure);
        }
        if (first) {
            log.error(
                    "write coordinator {}: the dead-letter queue refuses records ({}); {} items are held in memory "
                            + "and new work is refused with 503 until it takes them again",
                    coordinatorId,
                    describe(failure),
                    parcel.items().size(),
                    failure);
        } else {
            log.debug("write coordinator {}: dead-letter queue failing", coordinatorId, failure);
        }
        listener.onDeadLetterFailed(parcel.items().size(), failure);
    }

    /** Writes one parcel with up to {@code tries} attempts; the last failure, or {@code null} once it is durable. */
    private Exception park(Parcel<T> parcel, int tries) {
        List<QueuedItem<T>> items = parcel.items();
        List<T> values = new ArrayList<>(items.size());
        items.forEach(item -> values.add(item.item()));
        // Shutdown interrupts workers; an interrupt would close the dead-letter file channel mid-write.
        boolean interrupted = Thread.interrupted();
        Exception failure = null;
        try {
            for (int attempt = 1; attempt <= tries; attempt++) {
                try {
                    deadLetters.deadLetter(values, parcel.error(), parcel.attempts());
                    deadLettered.addAndGet(items.size());
                    drainRate.record(items.size());
                    QueuedItem.settleReceipts(items);
                    CommitTracker.deadLettered(items);
                    listener.onDeadLettered(items.size());
                    return null;
                } catch (Exception e) {
                    failure = e;
                    Thread.interrupted();
                    if (attempt < tries) {
                        LockSupport.parkNanos(DEAD_LETTER_BACKOFF_NANOS * attempt);
                    }
                }
            }
            return failure;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank()
                ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + message;
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

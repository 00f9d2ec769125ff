package io.marketflow.store.coordinator;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The coordinator's queue: admits whole requests or nothing, hands a free worker what is queued (up to a
 * batch), and tracks the backpressure level. State-change callbacks are posted to {@link OrderedSignals}
 * under the lock and delivered after it is released.
 *
 * <p>Wake-ups are targeted rather than broadcast: a waiting worker is signalled when the queue stops being
 * empty or reaches a full batch, and each worker that takes a batch passes the signal on if items remain.
 * So whenever items are queued, either every worker is busy (and will look again) or a free one has been
 * woken to take them.
 *
 * <p>Requests that wait for room ({@link OverflowStrategy#BLOCK}) are admitted in the order they came, each whole:
 * only the first waiter is woken, and only once there is room for all of it, and it passes the turn on when it
 * is in (or gives up). A large request is never overtaken, and so never starved, by smaller ones that would fit
 * sooner; a newcomer waits behind those already waiting even if it would fit now.
 *
 * <p>Items of one key leave in the order they came: a batch is the longest run from the head (up to the batch
 * size) whose keys no other worker holds ({@link KeysInFlight}), so an item waits while an earlier version of its
 * key is being written, and everything behind it waits too. Without traffic that repeats keys within moments,
 * nothing waits.
 *
 * <p>The level follows {@link LevelHysteresis}: it worsens as soon as a watermark is reached and relaxes only
 * after the minimum dwell, below lower exit lines. {@link #refreshLevel} lets time alone relax it.
 */
final class BoundedQueue<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<QueuedItem<T>> items = new ArrayDeque<>();
    // Producers waiting for room, first come first; only the first is ever signalled.
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private final KeysInFlight held;

    private final CoordinatorConfig config;
    private final int batchSize;
    private final LongSupplier nanoTime;
    private final DrainRate drainRate;
    private final WriteCapacity capacity;
    private final LevelHysteresis levels;
    private final OrderedSignals signals = new OrderedSignals();
    private final CoordinatorListener listener;

    private volatile int size;
    private volatile BackpressureLevel level = BackpressureLevel.OK;
    // Admission time of the oldest queued item, EMPTY when nothing is queued; read without the lock.
    private volatile long oldestEnqueuedNanos = EMPTY;
    private boolean aboveHigh;
    // A worker waits because the first queued item's key is held: the next batchDone must wake one.
    private boolean waitingForKeys;
    private boolean closing;
    private int busy;

    private static final long EMPTY = Long.MIN_VALUE;
    private static final int MAX_INITIAL_KEYS = 1 << 14;

    BoundedQueue(CoordinatorConfig config, LongSupplier nanoTime, DrainRate drainRate, CoordinatorListener listener) {
        this(config, nanoTime, drainRate, new WriteCapacity(nanoTime), listener);
    }

    BoundedQueue(
            CoordinatorConfig config,
            LongSupplier nanoTime,
            DrainRate drainRate,
            WriteCapacity capacity,
            CoordinatorListener listener) {
        this.config = config;
        // A batch larger than the queue could never fill up; a full queue is a full batch.
        this.batchSize = Math.min(config.batchSize(), config.capacity());
        // A batch per worker at most; sized up front for the usual settings, grown for larger ones as they fill.
        this.held = new KeysInFlight((int) Math.min((long) config.workers() * batchSize, MAX_INITIAL_KEYS));
        this.nanoTime = nanoTime;
        this.drainRate = drainRate;
        this.capacity = capacity;
        this.listener = listener;
        this.levels = new LevelHysteresis(
                config.lowWatermark(),
                config.highWatermark(),
                config.minLevelDwell().toNanos(),
                nanoTime.getAsLong());
    }

    /**
     * Admits all of {@code request} or throws; never part of it. Returns the items evicted to make room
     * ({@link OverflowStrategy#DROP_OLDEST} only), which the caller must dead-letter.
     */
    List<QueuedItem<T>> offer(List<QueuedItem<T>> request, OverflowStrategy strategy, long timeoutNanos)
            throws InterruptedException {
        int wanted = request.size();
        List<QueuedItem<T>> evicted = List.of();
        Waiter waiter = null;
        lock.lockInterruptibly();
        try {
            long deadline = nanoTime.getAsLong() + timeoutNanos;
            while (true) {
                if (closing) {
                    throw new CoordinatorClosedException(config.id());
                }
                int free = config.capacity() - items.size();
                if (wanted <= free && (waiting.isEmpty() || waiting.peekFirst() == waiter)) {
                    break;
                }
                if (strategy == OverflowStrategy.ERROR) {
                    throw QueueFullException.rejected(wanted, free, retryAfter(wanted));
                }
                if (strategy == OverflowStrategy.DROP_OLDEST) {
                    evicted = pollFirst(wanted - free);
                    break;
                }
                long remaining = deadline - nanoTime.getAsLong();
                if (remaining <= 0) {
                    throw QueueFullException.timedOut(wanted, Duration.ofNanos(timeoutNanos), retryAfter(wanted));
                }
                if (waiter == null) {
                    waiter = new Waiter(lock.newCondition(), wanted);
                    waiting.addLast(waiter);
                }
                // In slices, so the timeout is measured on the injected nano-time source.
                waiter.turn.await(StopSignal.pollMillis(remaining), TimeUnit.MILLISECONDS);
            }
            boolean wasEmpty = items.isEmpty();
            items.addAll(request);
            sizeChanged();
            if (wasEmpty || items.size() >= batchSize) {
                notEmpty.signal();
            }
        } finally {
            if (waiter != null) {
                // In, timed out, interrupted or closed: either way the next in line may go now if it fits.
                waiting.remove(waiter);
                signalFirstWaiterIfRoom();
            }
            lock.unlock();
            signals.deliver();
        }
        return evicted;
    }

    /**
     * Blocks until something is queued, then takes up to {@code batchSize} items at once: a free worker never
     * holds a part-batch back waiting for more. Batches still grow under load, because then every worker is
     * busy writing, items pile up meanwhile, and the next worker to come back takes a full batch. {@code
     * onTaken} runs under the lock so that a batch is never outside both the queue and its worker's hands.
     *
     * @return the batch; an empty list when one was due but {@code gate} said not to take it; {@code null}
     *     when the queue is closing and empty. Waits while the first item's key is held by another worker.
     */
    List<QueuedItem<T>> takeBatch(BooleanSupplier gate, Consumer<List<QueuedItem<T>>> onTaken)
            throws InterruptedException {
        return takeBatch(gate, onTaken, null);
    }

    /**
     * As {@link #takeBatch(BooleanSupplier, Consumer)}, running {@code beforeIdle} (outside the lock) once if the
     * queue is empty, before the worker waits for items: what the worker keeps between batches it lets go of only
     * when it is about to wait, never while there is more to write.
     */
    List<QueuedItem<T>> takeBatch(BooleanSupplier gate, Consumer<List<QueuedItem<T>>> onTaken, Runnable beforeIdle)
            throws InterruptedException {
        Runnable idle = beforeIdle;
        lock.lockInterruptibly();
        try {
            while (true) {
                int queued = items.size();
                if (queued == 0) {
                    if (closing) {
                        return null;
                    }
                    if (idle != null) {
                        Runnable once = idle;
                        idle = null;
                        lock.unlock();
                        try {
                            once.run();
                        } finally {
                            lock.lock();
                        }
                        continue; // the queue may have changed meanwhile
                    }
                    notEmpty.await();
                    continue;
                }
                if (!gate.getAsBoolean()) {
                    return List.of();
                }
                int free = unheldRun(queued);
                if (free == 0) {
                    waitingForKeys = true;
                    notEmpty.await();
                    continue;
                }
                return take(free, onTaken);
            }
        } finally {
            lock.unlock();
            signals.deliver();
        }
    }

    /**
     * Takes up to a batch without waiting (a circuit-breaker probe); empty when nothing is queued or the first item's
     * key is held by another worker.
     */
    List<QueuedItem<T>> takeNow(Consumer<List<QueuedItem<T>>> onTaken) {
        lock.lock();
        try {
            int free = unheldRun(items.size());
            return free == 0 ? List.of() : take(free, onTaken);
        } finally {
            lock.unlock();
            signals.deliver();
        }
    }

    /**
     * {@code batch}, taken by {@link #takeBatch} or {@link #takeNow}, is settled (written, dead-lettered or given up);
     * its keys are free again.
     */
    void batchDone(List<QueuedItem<T>> batch) {
        lock.lock();
        try {
            for (QueuedItem<T> item : batch) {
                held.remove(item.key());
            }
            busy--;
            capacity.finished();
            if (waitingForKeys) {
                // Only then: a worker finishing a batch looks at the queue itself next, so waking another would
                // only make the two split what is queued into smaller batches.
                waitingForKeys = false;
                notEmpty.signal();
            }
            signalIfIdle();
        } finally {
            lock.unlock();
        }
    }

    /** Stops admitting; workers empty the queue without waiting for full batches, then find it closed. */
    void close() {
        lock.lock();
        try {
            closing = true;
            notEmpty.signalAll();
            waiting.forEach(Waiter::wake);
        } finally {
            lock.unlock();
        }
    }

    /** Removes everything still queued (shutdown deadline). */
    List<QueuedItem<T>> drainAll() {
        lock.lock();
        try {
            closing = true;
            List<QueuedItem<T>> all = pollFirst(items.size());
            sizeChanged();
            notEmpty.signalAll();
            waiting.forEach(Waiter::wake);
            signalIfIdle();
            return all;
        } finally {
            lock.unlock();
            signals.deliver();
        }
    }

    boolean awaitIdle(long timeoutNanos) throws InterruptedException {
        long remaining = timeoutNanos;
        lock.lock();
        try {
            while (!items.isEmpty() || busy > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean closingAndEmpty() {
        lock.lock();
        try {
            return closing && items.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        return size;
    }

    /** How long the oldest queued item has waited; zero when nothing is queued. */
    long queueDelayNanos() {
        long oldest = oldestEnqueuedNanos;
        return oldest == EMPTY ? 0 : Math.max(0, nanoTime.getAsLong() - oldest);
    }

    /**
     * Re-evaluates the level at the current time, so that a level held only by the minimum dwell relaxes once
     * the dwell is over even when the queue does not move. Cheap; call it on a timer.
     */
    BackpressureLevel refreshLevel() {
        lock.lock();
        try {
            updateLevel(items.size());
            return level;
        } finally {
            lock.unlock();
            signals.deliver();
        }
    }

    /** For tests that check callbacks never run under the lock. */
    boolean lockedByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    BackpressureLevel level() {
        return level;
    }

    /**
     * How many items from the head, up to {@code queued} and the batch size, have keys no worker holds. Two versions
     * of one key may be in the run: the sink keeps the later.
     */
    private int unheldRun(int queued) {
        int limit = Math.min(queued, batchSize);
        if (held.size() == 0) {
            return limit;
        }
        int run = 0;
        for (QueuedItem<T> item : items) {
            if (run == limit || held.contains(item.key())) {
                break;
            }
            run++;
        }
        return run;
    }

    private List<QueuedItem<T>> take(int count, Consumer<List<QueuedItem<T>>> onTaken) {
        List<QueuedItem<T>> batch = pollFirst(count);
        for (QueuedItem<T> item : batch) {
            held.add(item.key());
        }
        busy++;
        capacity.started();
        onTaken.accept(batch);
        sizeChanged();
        signalFirstWaiterIfRoom();
        if (!items.isEmpty()) {
            notEmpty.signal();
        }
        return batch;
    }

    private List<QueuedItem<T>> pollFirst(int count) {
        List<QueuedItem<T>> polled = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            polled.add(items.pollFirst());
        }
        return polled;
    }

    /** Wakes the first waiting producer, and only once all of its request fits. */
    private void signalFirstWaiterIfRoom() {
        Waiter first = waiting.peekFirst();
        if (first != null && first.wanted <= config.capacity() - items.size()) {
            first.wake();
        }
    }

    private void signalIfIdle() {
        if (busy == 0 && items.isEmpty()) {
            idle.signalAll();
        }
    }

    private Duration retryAfter(int wanted) {
        int queued = items.size();
        int backlog = Math.max(queued + wanted - config.capacity(), queued - config.lowWatermark());
        return drainRate.retryAfter(backlog);
    }

    private void sizeChanged() {
        int now = items.size();
        size = now;
        QueuedItem<T> oldest = items.peekFirst();
        oldestEnqueuedNanos = oldest == null ? EMPTY : oldest.enqueuedNanos();
        updateLevel(now);
        if (!aboveHigh && now >= config.highWatermark()) {
            aboveHigh = true;
            signals.post(() -> listener.onHighWatermark(now));
        } else if (aboveHigh && now <= config.lowWatermark()) {
            aboveHigh = false;
            signals.post(() -> listener.onLowWatermark(now));
        }
    }

    private void updateLevel(int now) {
        BackpressureLevel from = level;
        BackpressureLevel to = levels.update(now, nanoTime.getAsLong());
        if (to != from) {
            level = to;
            signals.post(() -> listener.onLevelChange(from, to, now));
        }
    }

    /** A producer waiting for room for {@code wanted} items, woken through its own condition. */
    private record Waiter(Condition turn, int wanted) {
        void wake() {
            turn.signal();
        }
    }
}

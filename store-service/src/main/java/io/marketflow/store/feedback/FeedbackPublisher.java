package io.marketflow.store.feedback;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * The feedback voice of one write coordinator: publishes an event on every level transition and, once
 * {@link #startHeartbeat started}, the current level every heartbeat interval.
 *
 * <p>Callers must report transitions through {@link #levelChanged} (the coordinator's listener does); the
 * publisher does not watch the queue itself. Events of this coordinator carry strictly increasing seqs and
 * are published one at a time, so they reach every bus subscriber in seq order.
 *
 * <p>The first seq is the construction time in epoch microseconds rather than 1: a receiver ignores events
 * whose seq is not newer than the last it applied, and a restarted store must not look stale to it.
 */
public final class FeedbackPublisher implements AutoCloseable {

    static final String REASON_LEVEL_CHANGE = "level_change";
    static final String REASON_HEARTBEAT = "heartbeat";

    private static final Logger log = LoggerFactory.getLogger(FeedbackPublisher.class);
    private static final Pattern COORDINATOR_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String coordinatorId;
    private final int capacity;
    private final FeedbackBus bus;
    private final Clock clock;
    private final AtomicLong seq;
    private final Object publishLock = new Object();
    private final AtomicBoolean heartbeatStarted = new AtomicBoolean();
    private final Disposable.Swap heartbeat = Disposables.swap();
    private volatile BackpressureLevel level = BackpressureLevel.OK;

    public FeedbackPublisher(String coordinatorId, int capacity, FeedbackBus bus, Clock clock) {
        if (coordinatorId == null || !COORDINATOR_ID.matcher(coordinatorId).matches()) {
            throw new IllegalArgumentException("coordinatorId must match " + COORDINATOR_ID + ", was " + coordinatorId);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.coordinatorId = coordinatorId;
        this.capacity = capacity;
        this.bus = Objects.requireNonNull(bus, "bus");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.seq = new AtomicLong(ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant()));
    }

    /**
     * Records that the coordinator moved to {@code newLevel} with {@code queueSize} items queued and publishes
     * one event. A call that repeats the current level publishes nothing. Never blocks on subscribers.
     */
    public void levelChanged(BackpressureLevel newLevel, int queueSize) {
        Objects.requireNonNull(newLevel, "newLevel");
        synchronized (publishLock) {
            if (newLevel == level) {
                return;
            }
            level = newLevel;
            emit(newLevel, queueSize, REASON_LEVEL_CHANGE);
        }
    }

    /**
     * Publishes the current level and queue size now and then every {@code interval} on {@code scheduler},
     * until {@link #close}. Call at most once. Taking the queue size here rather than in the constructor lets
     * the coordinator be built with this publisher as its listener first.
     *
     * @param queueSize reads the coordinator's current queue size; must be cheap and must not block
     */
    public void startHeartbeat(IntSupplier queueSize, Scheduler scheduler, Duration interval) {
        Objects.requireNonNull(queueSize, "queueSize");
        Objects.requireNonNull(scheduler, "scheduler");
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("heartbeat interval must be positive, was " + interval);
        }
        if (!heartbeatStarted.compareAndSet(false, true)) {
            throw new IllegalStateException("heartbeat of " + coordinatorId + " already started or closed");
        }
        heartbeat.update(
                scheduler.schedulePeriodically(() -> beat(queueSize), 0, interval.toNanos(), TimeUnit.NANOSECONDS));
    }

    private void beat(IntSupplier queueSize) {
        // A throwing task would end the periodic schedule, and with it the heartbeat.
        try {
            int size = queueSize.getAsInt();
            synchronized (publishLock) {
                emit(level, size, REASON_HEARTBEAT);
            }
        } catch (RuntimeException e) {
            log.warn("Feedback heartbeat of {} failed", coordinatorId, e);
        }
    }

    private void emit(BackpressureLevel current, int size, String reason) {
        bus.publish(new FeedbackEvent(
                coordinatorId, Math.max(0, size), capacity, current, reason, clock.instant(), seq.incrementAndGet()));
    }

    public String coordinatorId() {
        return coordinatorId;
    }

    public BackpressureLevel level() {
        return level;
    }

    /** The seq of the last published event (the initial seq base before the first one). */
    public long lastSeq() {
        return seq.get();
    }

    /** Stops the heartbeat; transitions reported later are still published. */
    @Override
    public void close() {
        heartbeatStarted.set(true);
        heartbeat.dispose();
    }
}

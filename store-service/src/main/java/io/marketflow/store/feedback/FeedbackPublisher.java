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
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * The feedback voice of one write coordinator: publishes an event on every level transition and, once
 * {@link #start started}, the current level and measurements periodically: every {@code busyInterval} while
 * the coordinator has a backlog or is not {@code ok} (the paced loop steers by these), every heartbeat
 * interval while it is idle. Every event carries the coordinator's {@link Measurements} ({@code drain_rate},
 * {@code queue_delay_ms}) once started.
 *
 * <p>Events are never queued here: each is handed to the bus at once, and the webhook subscriber keeps at
 * most one undelivered event per coordinator, so a slow receiver gets the newest state, not a backlog.
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
    private volatile Supplier<Measurements> source;
    private long lastPeriodicNanos;
    private boolean periodicSent;

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
            Measurements measured = measure();
            emit(newLevel, queueSize, measured, REASON_LEVEL_CHANGE);
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
        start(() -> Measurements.ofQueueSize(queueSize.getAsInt()), scheduler, interval, interval);
    }

    /**
     * Publishes the current level and measurements now, then every {@code busyInterval} while the queue is not
     * empty or the level is not {@code ok}, and every {@code heartbeat} while it is both. Call at most once, and
     * at most one of this and {@link #startHeartbeat}. {@code source} is also read for every level-change event
     * from now on.
     *
     * @param source reads the coordinator's measurements; must be cheap, must not block, and must not report
     *     level changes itself (it is read while this publisher's lock is held)
     */
    public void start(Supplier<Measurements> source, Scheduler scheduler, Duration heartbeat, Duration busyInterval) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(scheduler, "scheduler");
        requirePositive("heartbeat interval", heartbeat);
        requirePositive("busy interval", busyInterval);
        if (busyInterval.compareTo(heartbeat) > 0) {
            throw new IllegalArgumentException(
                    "busy interval " + busyInterval + " must not be longer than the heartbeat " + heartbeat);
        }
        if (!heartbeatStarted.compareAndSet(false, true)) {
            throw new IllegalStateException("heartbeat of " + coordinatorId + " already started or closed");
        }
        this.source = source;
        // Half a tick of slack, so that a tick a little early on a real scheduler does not delay the heartbeat
        // by a whole tick.
        long heartbeatNanos = heartbeat.toNanos() - busyInterval.toNanos() / 2;
        this.heartbeat.update(scheduler.schedulePeriodically(
                () -> tick(scheduler.now(TimeUnit.NANOSECONDS), heartbeatNanos),
                0,
                busyInterval.toNanos(),
                TimeUnit.NANOSECONDS));
    }

    private void tick(long nowNanos, long heartbeatNanos) {
        // A throwing task would end the periodic schedule, and with it the heartbeat.
        try {
            synchronized (publishLock) {
                Measurements measured = measure();
                if (measured == null) {
                    return;
                }
                boolean busy = measured.queueSize() > 0 || level != BackpressureLevel.OK;
                if (busy || !periodicSent || nowNanos - lastPeriodicNanos >= heartbeatNanos) {
                    periodicSent = true;
                    lastPeriodicNanos = nowNanos;
                    emit(level, measured.queueSize(), measured, REASON_HEARTBEAT);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Feedback heartbeat of {} failed", coordinatorId, e);
        }
    }

    /** The source's reading, or null before start or when the source failed (a level change is still sent). */
    private Measurements measure() {
        Supplier<Measurements> current = source;
        if (current == null) {
            return null;
        }
        try {
            return current.get();
        } catch (RuntimeException e) {
            log.warn("Feedback measurements of {} failed", coordinatorId, e);
            return null;
        }
    }

    private void emit(BackpressureLevel current, int size, Measurements measured, String reason) {
        bus.publish(new FeedbackEvent(
                coordinatorId,
                Math.max(0, size),
                capacity,
                current,
                reason,
                clock.instant(),
                seq.incrementAndGet(),
                measured == null ? null : nonNegative(measured.drainRate()),
                measured == null || measured.queueDelayMs() == null ? null : Math.max(0, measured.queueDelayMs())));
    }

    private static Double nonNegative(Double rate) {
        return rate == null || rate.isNaN() || rate.isInfinite() ? null : Math.max(0.0, rate);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
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

package io.marketflow.store.feedback;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * In-process publish/subscribe of {@link FeedbackEvent}s.
 *
 * <p>{@link #publish} runs on the write path, so it never blocks and never throws: every subscriber has its own
 * bounded lane and thread. A subscriber that throws only has its failure counted; one that is slow or blocked
 * loses only its own oldest queued events, and always ends up with the newest. Each lane is FIFO, so events
 * published in seq order for a coordinator reach every subscriber in that order (possibly with gaps).
 *
 * <p>The bus counts every published event per level ({@link #published}) for
 * {@code mds_feedback_events_total{level}}.
 */
public final class FeedbackBus implements AutoCloseable {

    /** Events a lane may hold for a subscriber that has fallen behind. */
    public static final int DEFAULT_LANE_CAPACITY = 256;

    /** A subscriber's registration; closing it stops delivery and the subscriber's thread. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final int laneCapacity;
    private final CopyOnWriteArrayList<SubscriberLane> lanes = new CopyOnWriteArrayList<>();
    private final Map<BackpressureLevel, LongAdder> published = new EnumMap<>(BackpressureLevel.class);
    private final LongAdder dropped = new LongAdder();
    private final LongAdder subscriberFailures = new LongAdder();
    private final AtomicInteger subscriberCount = new AtomicInteger();
    private volatile boolean closed;

    public FeedbackBus() {
        this(DEFAULT_LANE_CAPACITY);
    }

    public FeedbackBus(int laneCapacity) {
        if (laneCapacity < 1) {
            throw new IllegalArgumentException("laneCapacity must be at least 1, was " + laneCapacity);
        }
        this.laneCapacity = laneCapacity;
        for (BackpressureLevel level : BackpressureLevel.values()) {
            published.put(level, new LongAdder());
        }
    }

    /**
     * Delivers every event published from now on to {@code subscriber}, on a thread of its own. The
     * subscriber may be slow or throw; close the returned subscription to stop delivery.
     */
    public Subscription subscribe(String name, Consumer<FeedbackEvent> subscriber) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subscriber, "subscriber");
        if (closed) {
            throw new IllegalStateException("FeedbackBus is closed");
        }
        SubscriberLane lane = new SubscriberLane(
                name + "-" + subscriberCount.incrementAndGet(),
                subscriber,
                laneCapacity,
                dropped,
                subscriberFailures,
                lanes::remove);
        lanes.add(lane);
        lane.start();
        if (closed) {
            lane.close(); // lost a race with close()
        }
        return lane;
    }

    /**
     * Hands {@code event} to every subscriber's lane and returns. Callers that need per-coordinator order
     * must not publish two events of one coordinator concurrently ({@link FeedbackPublisher} takes care of it).
     */
    public void publish(FeedbackEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed) {
            return;
        }
        published.get(event.level()).increment();
        for (SubscriberLane lane : lanes) {
            lane.offer(event);
        }
    }

    /** Events published at {@code level} since the bus was created. */
    public long published(BackpressureLevel level) {
        return published.get(level).sum();
    }

    /** Events that slow subscribers lost because their lane was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Deliveries in which the subscriber threw. */
    public long subscriberFailures() {
        return subscriberFailures.sum();
    }

    public int subscribers() {
        return lanes.size();
    }

    /** Stops every lane; later publishes are ignored. */
    @Override
    public void close() {
        closed = true;
        for (SubscriberLane lane : lanes) {
            lane.close();
        }
    }
}

package io.marketflow.store.feedback;

import io.marketflow.contracts.FeedbackEvent;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's private delivery queue and thread. The queue is bounded and drops its oldest event when
 * full, so a subscriber that falls behind loses only its own stale events and always ends with the newest one;
 * a subscriber that blocks forever ties up only its own thread.
 */
final class SubscriberLane implements FeedbackBus.Subscription {

    private static final Logger log = LoggerFactory.getLogger(SubscriberLane.class);

    private final String name;
    private final Consumer<FeedbackEvent> subscriber;
    private final LinkedBlockingDeque<FeedbackEvent> queue;
    private final LongAdder dropped;
    private final LongAdder failures;
    private final Consumer<SubscriberLane> onClose;
    private final Thread thread;
    private volatile boolean closed;

    SubscriberLane(
            String name,
            Consumer<FeedbackEvent> subscriber,
            int capacity,
            LongAdder dropped,
            LongAdder failures,
            Consumer<SubscriberLane> onClose) {
        this.name = name;
        this.subscriber = subscriber;
        this.queue = new LinkedBlockingDeque<>(capacity);
        this.dropped = dropped;
        this.failures = failures;
        this.onClose = onClose;
        this.thread = new Thread(this::run, "feedback-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Never blocks: a full lane makes room by discarding its oldest event. */
    void offer(FeedbackEvent event) {
        if (closed) {
            return;
        }
        while (!queue.offerLast(event)) {
            if (queue.pollFirst() != null) {
                dropped.increment();
            }
        }
    }

    private void run() {
        boolean failing = false;
        while (!closed) {
            FeedbackEvent event;
            try {
                event = queue.takeFirst();
            } catch (InterruptedException e) {
                continue; // close() interrupts; the loop condition decides
            }
            try {
                subscriber.accept(event);
                failing = false;
            } catch (Throwable e) {
                if (e instanceof VirtualMachineError fatal) {
                    throw fatal; // ends only this lane
                }
                failures.increment();
                // One warning per run of failures; the failure count tells how long the run lasts.
                if (!failing) {
                    log.warn(
                            "Feedback subscriber '{}' failed on seq {} of {}",
                            name,
                            event.seq(),
                            event.coordinatorId(),
                            e);
                } else {
                    log.debug("Feedback subscriber '{}' failed again: {}", name, e.toString());
                }
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        thread.interrupt();
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "SubscriberLane[" + name + ", queued=" + queue.size() + "]";
    }
}

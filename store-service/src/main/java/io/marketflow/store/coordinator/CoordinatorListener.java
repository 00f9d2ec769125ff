package io.marketflow.store.coordinator;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.List;

/**
 * Observes a {@link WriteCoordinator} for metrics and backpressure feedback. Every method is optional.
 *
 * <p>Callbacks run on a producer or worker thread, never while the queue lock is held, so they may call back
 * into the coordinator ({@code health()}, {@code level()}). They should still return quickly: a slow
 * callback slows the thread that triggered it. An exception thrown here is logged and otherwise ignored.
 *
 * <p>Level and watermark callbacks are delivered one at a time in the order the queue went through them,
 * so a listener that forwards them (feedback events) never reports a stale level last.
 */
public interface CoordinatorListener {

    CoordinatorListener NONE = new CoordinatorListener() {};

    /**
     * One listener that hands every callback to each of {@code listeners}, in this order; one that throws is
     * logged and keeps neither the coordinator nor the others from going on.
     */
    static CoordinatorListener all(CoordinatorListener... listeners) {
        return new SafeListener(List.of(listeners));
    }

    /**
     * The level changed: worse as soon as a watermark is reached ({@code ok -> hard} directly when a request
     * jumps), better only after the minimum dwell and below the hysteresis band ({@link LevelHysteresis}), which
     * may happen on a timer while the queue does not move.
     */
    default void onLevelChange(BackpressureLevel from, BackpressureLevel to, int queueSize) {}

    /** The queue reached the high watermark; not called again until {@link #onLowWatermark} has been. */
    default void onHighWatermark(int queueSize) {}

    /** The queue fell back to the low watermark after having reached the high one. */
    default void onLowWatermark(int queueSize) {}

    /** A request of {@code items} items was admitted. */
    default void onSubmitted(int items) {}

    /** {@code items} queued items were evicted by {@link OverflowStrategy#DROP_OLDEST} (and dead-lettered). */
    default void onDropped(int items) {}

    /** A batch (or a part of one being isolated) was committed. */
    default void onBatchWritten(int items, long nanos) {}

    /** One write attempt failed; {@code transientFailure} tells a retryable failure from a data error. */
    default void onWriteError(Throwable error, boolean transientFailure) {}

    /** A transient failure will be retried after {@code wait}; {@code attempt} counts retries from 1. */
    default void onRetry(int attempt, Throwable error, Duration wait) {}

    /** The circuit breaker moved from one state to another. */
    default void onCircuitStateChange(CircuitState from, CircuitState to) {}

    /** {@code items} items are now in the dead-letter queue. */
    default void onDeadLettered(int items) {}

    /**
     * The dead-letter queue refused {@code items} items even after retries. They are held in memory and the
     * coordinator refuses new work until {@link HeldDeadLetters#retry} gets them in.
     */
    default void onDeadLetterFailed(int items, Throwable error) {}

    /** The dead-letter queue took every held item; the coordinator admits new work again. */
    default void onDeadLetterRecovered() {}
}

package io.marketflow.store.lane;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.store.coordinator.CircuitState;
import io.marketflow.store.coordinator.CoordinatorListener;
import io.marketflow.store.feedback.FeedbackPublisher;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lane's coordinator listener: fans the coordinator's signals out to its metrics and to its feedback publisher
 * (level changes only), and logs the events an operator must see: the circuit opening or closing, and items
 * parked as dead letters.
 */
public final class CoordinatorSignals implements CoordinatorListener {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorSignals.class);

    private final CoordinatorListener metrics;
    private final FeedbackPublisher feedback;

    @Override
    public void onCircuitStateChange(CircuitState from, CircuitState to) {
        if (to == CircuitState.OPEN) {
            log.warn(
                    "{}: circuit {} -> open: the database is failing; writes pause and items stay queued",
                    feedback.coordinatorId(),
                    from.wireName());
        } else {
            log.info("{}: circuit {} -> {}", feedback.coordinatorId(), from.wireName(), to.wireName());
        }
    }

    // The coordinator logs the dead-letter queue failing once, with the cause; here only the count goes out.
    @Override
    public void onDeadLetterFailed(int items, Throwable error) {
        metrics.onDeadLetterFailed(items, error);
    }

    public CoordinatorSignals(CoordinatorListener metrics, FeedbackPublisher feedback) {
        this.metrics = metrics;
        this.feedback = feedback;
    }

    @Override
    public void onLevelChange(BackpressureLevel from, BackpressureLevel to, int queueSize) {
        feedback.levelChanged(to, queueSize);
    }

    @Override
    public void onSubmitted(int items) {
        metrics.onSubmitted(items);
    }

    @Override
    public void onDropped(int items) {
        metrics.onDropped(items);
    }

    @Override
    public void onBatchWritten(int items, long nanos) {
        metrics.onBatchWritten(items, nanos);
    }

    @Override
    public void onWriteError(Throwable error, boolean transientFailure) {
        metrics.onWriteError(error, transientFailure);
    }

    @Override
    public void onRetry(int attempt, Throwable error, Duration wait) {
        metrics.onRetry(attempt, error, wait);
    }

    @Override
    public void onDeadLettered(int items) {
        log.warn("{}: {} items dead-lettered (see GET /admin/dlq)", feedback.coordinatorId(), items);
        metrics.onDeadLettered(items);
    }
}

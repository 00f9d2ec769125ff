package io.marketflow.store.lane;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.store.coordinator.CircuitState;
import io.marketflow.store.coordinator.CoordinatorListener;
import io.marketflow.store.feedback.FeedbackPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lane's coordinator listener beside its metrics ({@link CoordinatorListener#all} hands both every signal):
 * passes level changes to its feedback publisher, and logs the events an operator must see: the circuit opening
 * or closing, and items parked as dead letters. The dead-letter queue failing is logged once, with the cause, by
 * the coordinator itself.
 */
public final class CoordinatorSignals implements CoordinatorListener {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorSignals.class);

    private final FeedbackPublisher feedback;

    public CoordinatorSignals(FeedbackPublisher feedback) {
        this.feedback = feedback;
    }

    @Override
    public void onLevelChange(BackpressureLevel from, BackpressureLevel to, int queueSize) {
        feedback.levelChanged(to, queueSize);
    }

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

    @Override
    public void onDeadLettered(int items) {
        log.warn("{}: {} items dead-lettered (see GET /admin/dlq)", feedback.coordinatorId(), items);
    }
}

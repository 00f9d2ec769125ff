package io.marketflow.store.coordinator;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shields the coordinator from a listener that throws: the coordinator's own work must go on regardless. */
final class SafeListener implements CoordinatorListener {

    private static final Logger log = LoggerFactory.getLogger(SafeListener.class);

    private final CoordinatorListener delegate;

    SafeListener(CoordinatorListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onLevelChange(BackpressureLevel from, BackpressureLevel to, int queueSize) {
        guard("onLevelChange", () -> delegate.onLevelChange(from, to, queueSize));
    }

    @Override
    public void onHighWatermark(int queueSize) {
        guard("onHighWatermark", () -> delegate.onHighWatermark(queueSize));
    }

    @Override
    public void onLowWatermark(int queueSize) {
        guard("onLowWatermark", () -> delegate.onLowWatermark(queueSize));
    }

    @Override
    public void onSubmitted(int items) {
        guard("onSubmitted", () -> delegate.onSubmitted(items));
    }

    @Override
    public void onDropped(int items) {
        guard("onDropped", () -> delegate.onDropped(items));
    }

    @Override
    public void onBatchWritten(int items, long nanos) {
        guard("onBatchWritten", () -> delegate.onBatchWritten(items, nanos));
    }

    @Override
    public void onWriteError(Throwable error, boolean transientFailure) {
        guard("onWriteError", () -> delegate.onWriteError(error, transientFailure));
    }

    @Override
    public void onRetry(int attempt, Throwable error, Duration wait) {
        guard("onRetry", () -> delegate.onRetry(attempt, error, wait));
    }

    @Override
    public void onCircuitStateChange(CircuitState from, CircuitState to) {
        guard("onCircuitStateChange", () -> delegate.onCircuitStateChange(from, to));
    }

    @Override
    public void onDeadLettered(int items) {
        guard("onDeadLettered", () -> delegate.onDeadLettered(items));
    }

    @Override
    public void onDeadLetterFailed(int items, Throwable error) {
        guard("onDeadLetterFailed", () -> delegate.onDeadLetterFailed(items, error));
    }

    @Override
    public void onDeadLetterRecovered() {
        guard("onDeadLetterRecovered", delegate::onDeadLetterRecovered);
    }

    private static void guard(String callback, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("write coordinator listener failed in {}; ignoring", callback, e);
        }
    }
}

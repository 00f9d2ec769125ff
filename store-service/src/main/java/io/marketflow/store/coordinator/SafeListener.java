package io.marketflow.store.coordinator;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every callback to each listener in turn, and shields the coordinator from a listener that throws: the
 * coordinator's own work, and the listeners after the one that threw, must go on regardless.
 */
final class SafeListener implements CoordinatorListener {

    private static final Logger log = LoggerFactory.getLogger(SafeListener.class);

    private final List<CoordinatorListener> delegates;

    SafeListener(List<CoordinatorListener> delegates) {
        this.delegates = List.copyOf(delegates);
    }

    @Override
    public void onLevelChange(BackpressureLevel from, BackpressureLevel to, int queueSize) {
        guard("onLevelChange", listener -> listener.onLevelChange(from, to, queueSize));
    }

    @Override
    public void onHighWatermark(int queueSize) {
        guard("onHighWatermark", listener -> listener.onHighWatermark(queueSize));
    }

    @Override
    public void onLowWatermark(int queueSize) {
        guard("onLowWatermark", listener -> listener.onLowWatermark(queueSize));
    }

    @Override
    public void onSubmitted(int items) {
        guard("onSubmitted", listener -> listener.onSubmitted(items));
    }

    @Override
    public void onDropped(int items) {
        guard("onDropped", listener -> listener.onDropped(items));
    }

    @Override
    public void onBatchWritten(int items, long nanos) {
        guard("onBatchWritten", listener -> listener.onBatchWritten(items, nanos));
    }

    @Override
    public void onWriteError(Throwable error, boolean transientFailure) {
        guard("onWriteError", listener -> listener.onWriteError(error, transientFailure));
    }

    @Override
    public void onRetry(int attempt, Throwable error, Duration wait) {
        guard("onRetry", listener -> listener.onRetry(attempt, error, wait));
    }

    @Override
    public void onCircuitStateChange(CircuitState from, CircuitState to) {
        guard("onCircuitStateChange", listener -> listener.onCircuitStateChange(from, to));
    }

    @Override
    public void onDeadLettered(int items) {
        guard("onDeadLettered", listener -> listener.onDeadLettered(items));
    }

    @Override
    public void onDeadLetterFailed(int items, Throwable error) {
        guard("onDeadLetterFailed", listener -> listener.onDeadLetterFailed(items, error));
    }

    @Override
    public void onDeadLetterRecovered() {
        guard("onDeadLetterRecovered", CoordinatorListener::onDeadLetterRecovered);
    }

    private void guard(String callback, Consumer<CoordinatorListener> call) {
        for (CoordinatorListener delegate : delegates) {
            try {
                call.accept(delegate);
            } catch (RuntimeException e) {
                log.warn("write coordinator listener failed in {}; ignoring", callback, e);
            }
        }
    }
}

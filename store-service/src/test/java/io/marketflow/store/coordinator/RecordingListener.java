package io.marketflow.store.coordinator;

import io.marketflow.contracts.BackpressureLevel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Records the callbacks tests care about, as readable strings. */
final class RecordingListener implements CoordinatorListener {

    final List<String> pressure = Collections.synchronizedList(new ArrayList<>());
    final List<String> circuit = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    final AtomicInteger batchesWritten = new AtomicInteger();
    final AtomicInteger transientErrors = new AtomicInteger();
    final AtomicInteger dataErrors = new AtomicInteger();

    @Override
    public void onLevelChange(BackpressureLevel from, BackpressureLevel to, int queueSize) {
        pressure.add(from.wireName() + "->" + to.wireName() + "@" + queueSize);
    }

    @Override
    public void onHighWatermark(int queueSize) {
        pressure.add("high@" + queueSize);
    }

    @Override
    public void onLowWatermark(int queueSize) {
        pressure.add("low@" + queueSize);
    }

    @Override
    public void onDropped(int items) {
        dropped.addAndGet(items);
    }

    @Override
    public void onBatchWritten(int items, long nanos) {
        batchesWritten.incrementAndGet();
    }

    @Override
    public void onWriteError(Throwable error, boolean transientFailure) {
        (transientFailure ? transientErrors : dataErrors).incrementAndGet();
    }

    @Override
    public void onRetry(int attempt, Throwable error, java.time.Duration wait) {
        retries.incrementAndGet();
    }

    @Override
    public void onCircuitStateChange(CircuitState from, CircuitState to) {
        circuit.add(from.wireName() + "->" + to.wireName());
    }
}

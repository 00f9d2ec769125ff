package io.marketflow.store.coordinator;

import io.marketflow.contracts.BackpressureLevel;

/** A point-in-time view of one coordinator, for health endpoints and dashboards. */
public record CoordinatorHealth(
        String coordinatorId,
        int workersAlive,
        int workers,
        int queueSize,
        int capacity,
        BackpressureLevel level,
        CircuitState circuitState) {}

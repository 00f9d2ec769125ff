package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.time.Instant;

/**
 * What the pipeline last heard from one write coordinator.
 *
 * @param level the level the coordinator reported
 * @param effectiveLevel the level that counts now: {@code level}, or the fallback once expired
 * @param age time since the event was received
 * @param expired whether {@code age} exceeds the stale-after setting
 * @param ts the event's own timestamp
 * @param drainRate items per second the coordinator said it can write; null when it did not say
 * @param queueDelayMs age of its oldest queued item; null when it did not say
 */
public record CoordinatorSnapshot(
        String coordinatorId,
        BackpressureLevel level,
        BackpressureLevel effectiveLevel,
        long seq,
        int queueSize,
        int capacity,
        Duration age,
        boolean expired,
        Instant ts,
        Double drainRate,
        Long queueDelayMs) {}

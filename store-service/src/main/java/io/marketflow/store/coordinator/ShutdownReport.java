package io.marketflow.store.coordinator;

import java.time.Duration;

/**
 * What {@link WriteCoordinator#shutdown} achieved. The totals cover the coordinator's whole life, so
 * {@code written + deadLettered + lost == submitted} once shutdown has returned (a worker stuck in the
 * database past the deadline is the only exception: its late success is not counted twice).
 *
 * @param drained every admitted item was settled by the workers before the deadline
 * @param deadLetteredAtDeadline items still queued or held by a worker at the deadline, now dead-lettered
 * @param lost items the dead-letter queue refused (logged at ERROR level)
 */
public record ShutdownReport(
        boolean drained,
        int deadLetteredAtDeadline,
        long submitted,
        long written,
        long deadLettered,
        long lost,
        Duration took) {}

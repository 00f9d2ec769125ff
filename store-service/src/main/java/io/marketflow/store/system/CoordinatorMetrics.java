package io.marketflow.store.system;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.store.coordinator.CircuitState;
import io.marketflow.store.coordinator.CoordinatorHealth;
import io.marketflow.store.coordinator.CoordinatorListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Micrometer adapter for one coordinator: counters and timers are fed by listener callbacks; gauges read a
 * health sample that {@link #sample} refreshes every {@code MDS_METRICS_QUEUE_POLL_SEC}, so a scrape never
 * takes the queue's lock.
 */
final class CoordinatorMetrics implements CoordinatorListener {

    private final Counter submitted;
    private final Counter dropped;
    private final Counter written;
    private final Counter batches;
    private final Counter transientErrors;
    private final Counter dataErrors;
    private final Counter deadLettered;
    private final Counter deadLetterFailures;
    private final Counter sinkSuccess;
    private final Counter sinkFailure;
    private final Timer workerLatency;
    private final Timer sinkLatency;
    private final AtomicReference<CoordinatorHealth> health = new AtomicReference<>();
    private volatile double drainRate = Double.NaN;
    private volatile double queueDelaySeconds;

    CoordinatorMetrics(MeterRegistry registry, String coordinatorId, String sink, CoordinatorHealth initial) {
        Tags coordinator = Tags.of(StoreMetrics.COORDINATOR_ID, coordinatorId);
        health.set(initial);
        submitted = counter(registry, StoreMetrics.ITEMS_SUBMITTED, "Items admitted into the write queue", coordinator);
        dropped = counter(
                registry,
                StoreMetrics.ITEMS_DROPPED,
                "Queued items evicted by the drop_oldest strategy (they go to the dead-letter queue)",
                coordinator);
        written = counter(
                registry,
                StoreMetrics.ITEMS_WRITTEN,
                "Items committed to the database (rows written; compare with mds_coord_drain_rate)",
                coordinator);
        batches = counter(registry, StoreMetrics.BATCHES_WRITTEN, "Batches committed by the workers", coordinator);
        transientErrors = writeErrors(registry, coordinator, "transient");
        dataErrors = writeErrors(registry, coordinator, "data");
        deadLettered = counter(registry, StoreMetrics.DLQ_ITEMS, "Items written to the dead-letter queue", coordinator);
        deadLetterFailures = counter(
                registry,
                StoreMetrics.DLQ_FAILURES,
                "Items the dead-letter queue refused (they are held in memory and retried)",
                coordinator);
        workerLatency = latency(
                registry, StoreMetrics.WRITE_LATENCY, "Time to commit one batch, as the worker sees it", coordinator);
        Tags sinkTag = Tags.of(StoreMetrics.SINK, sink);
        String sinkWrites = "Write attempts by sink and outcome";
        sinkSuccess =
                counter(registry, StoreMetrics.SINK_WRITES, sinkWrites, sinkTag.and(StoreMetrics.STATUS, "success"));
        sinkFailure =
                counter(registry, StoreMetrics.SINK_WRITES, sinkWrites, sinkTag.and(StoreMetrics.STATUS, "failure"));
        sinkLatency =
                latency(registry, StoreMetrics.SINK_WRITE_LATENCY, "Time for a sink to commit one batch", sinkTag);

        gauge(registry, StoreMetrics.QUEUE_DEPTH, "Items waiting in the write queue", coordinator, h -> h.queueSize());
        gauge(
                registry,
                StoreMetrics.COORDINATOR_QUEUE_DEPTH,
                "Items waiting in the write queue",
                coordinator,
                h -> h.queueSize());
        gauge(registry, StoreMetrics.WORKERS_ALIVE, "Worker threads running", coordinator, h -> h.workersAlive());
        gauge(
                registry,
                StoreMetrics.CIRCUIT_STATE,
                "Circuit breaker: 0 closed, 1 open, 2 half-open",
                coordinator,
                h -> circuitCode(h.circuitState()));
        gauge(
                registry,
                StoreMetrics.WORKERS_CONFIGURED,
                "Worker threads configured (MDS_COORDINATOR_WORKERS)",
                coordinator,
                h -> h.workers());
        gauge(registry, StoreMetrics.CAPACITY, "Write queue capacity", coordinator, h -> h.capacity());
        Gauge.builder(StoreMetrics.DRAIN_RATE, this, m -> m.drainRate)
                .description("Items per second the coordinator can commit, measured while its workers write"
                        + " (NaN before the first batch); the drain_rate of its feedback events")
                .tags(coordinator)
                .register(registry);
        Gauge.builder(StoreMetrics.QUEUE_DELAY, this, m -> m.queueDelaySeconds)
                .description("Age of the oldest queued item (0 when the queue is empty); the queue_delay_ms of its"
                        + " feedback events")
                .baseUnit("seconds")
                .tags(coordinator)
                .register(registry);
        for (BackpressureLevel level : BackpressureLevel.values()) {
            String name = switch (level) {
                case OK -> StoreMetrics.BACKPRESSURE_OK;
                case SOFT -> StoreMetrics.BACKPRESSURE_SOFT;
                case HARD -> StoreMetrics.BACKPRESSURE_HARD;
            };
            gauge(
                    registry,
                    name,
                    "1 while the coordinator's pressure is " + level.wireName(),
                    coordinator,
                    h -> h.level() == level ? 1 : 0);
        }
    }

    private static Counter writeErrors(MeterRegistry registry, Tags coordinator, String kind) {
        return counter(
                registry,
                StoreMetrics.WRITE_ERRORS,
                "Failed write attempts: transient (retried) or data (rows isolated)",
                coordinator.and("kind", kind));
    }

    private static Counter counter(MeterRegistry registry, String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** Batch commit times, as a histogram so dashboards can take percentiles across instances. */
    private static Timer latency(MeterRegistry registry, String name, String description, Tags tags) {
        return Timer.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags, HealthValue value) {
        Gauge.builder(name, health, ref -> value.of(ref.get()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    /** Registers the configured watermark lines, which the dashboard draws against the queue depth. */
    void watermarks(MeterRegistry registry, String coordinatorId, int high, int low) {
        Tags tags = Tags.of(StoreMetrics.COORDINATOR_ID, coordinatorId);
        Gauge.builder(StoreMetrics.HIGH_WATERMARK, () -> high)
                .description("Queue size at or above which the level is hard")
                .tags(tags)
                .register(registry);
        Gauge.builder(StoreMetrics.LOW_WATERMARK, () -> low)
                .description("Queue size at or below which the level is ok")
                .tags(tags)
                .register(registry);
    }

    /** Registers the count of items the dead-letter queue refused and the coordinator holds in memory. */
    void heldDeadLetters(MeterRegistry registry, String coordinatorId, IntSupplier heldItems) {
        Gauge.builder(StoreMetrics.DLQ_HELD_ITEMS, heldItems::getAsInt)
                .description("Items the dead-letter queue refused, held in memory; above 0 the store admits nothing")
                .tags(Tags.of(StoreMetrics.COORDINATOR_ID, coordinatorId))
                .register(registry);
    }

    void sample(Supplier<CoordinatorHealth> source) {
        health.set(source.get());
    }

    /** Refreshes the capacity and queue-delay gauges; {@code rate} is null before the first measurement. */
    void sampleMeasurements(Double rate, Duration queueDelay) {
        drainRate = rate == null ? Double.NaN : rate;
        queueDelaySeconds = queueDelay.toNanos() / 1e9;
    }

    static int circuitCode(CircuitState state) {
        return switch (state) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
        };
    }

    @FunctionalInterface
    private interface HealthValue {
        double of(CoordinatorHealth health);
    }

    @Override
    public void onSubmitted(int items) {
        submitted.increment(items);
    }

    @Override
    public void onDropped(int items) {
        dropped.increment(items);
    }

    @Override
    public void onBatchWritten(int items, long nanos) {
        batches.increment();
        written.increment(items);
        sinkSuccess.increment();
        workerLatency.record(nanos, TimeUnit.NANOSECONDS);
        sinkLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onWriteError(Throwable error, boolean transientFailure) {
        (transientFailure ? transientErrors : dataErrors).increment();
        sinkFailure.increment();
    }

    @Override
    public void onDeadLettered(int items) {
        deadLettered.increment(items);
    }

    @Override
    public void onDeadLetterFailed(int items, Throwable error) {
        deadLetterFailures.increment(items);
    }
}

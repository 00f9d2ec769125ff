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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer adapter for one coordinator: counters and timers are fed by listener callbacks; gauges read a
 * health sample that {@link #sample} refreshes every {@code MDS_METRICS_QUEUE_POLL_SEC}, so a scrape never
 * takes the queue's lock.
 */
final class CoordinatorMetrics implements CoordinatorListener {

    private static final String QUEUED = "Items waiting in the write queue";

    /** The gauges that read the health sample, in the order they are registered. */
    private static final List<HealthGauge> HEALTH_GAUGES = List.of(
            new HealthGauge(StoreMetrics.QUEUE_DEPTH, QUEUED, CoordinatorHealth::queueSize),
            new HealthGauge(StoreMetrics.COORDINATOR_QUEUE_DEPTH, QUEUED, CoordinatorHealth::queueSize),
            new HealthGauge(StoreMetrics.WORKERS_ALIVE, "Worker threads running", CoordinatorHealth::workersAlive),
            new HealthGauge(
                    StoreMetrics.CIRCUIT_STATE,
                    "Circuit breaker: 0 closed, 1 open, 2 half-open",
                    h -> circuitCode(h.circuitState())),
            new HealthGauge(
                    StoreMetrics.WORKERS_CONFIGURED,
                    "Worker threads configured (MDS_COORDINATOR_WORKERS)",
                    CoordinatorHealth::workers),
            new HealthGauge(StoreMetrics.CAPACITY, "Write queue capacity", CoordinatorHealth::capacity));

    private record HealthGauge(String name, String description, ToDoubleFunction<CoordinatorHealth> value) {}

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
        Meters coordinator = Meters.of(registry, coordinatorId);
        Meters sinkMeters = new Meters(registry, Tags.of(StoreMetrics.SINK, sink));
        health.set(initial);
        submitted = coordinator.counter(StoreMetrics.ITEMS_SUBMITTED, "Items admitted into the write queue");
        dropped = coordinator.counter(
                StoreMetrics.ITEMS_DROPPED,
                "Queued items evicted by the drop_oldest strategy (they go to the dead-letter queue)");
        written = coordinator.counter(
                StoreMetrics.ITEMS_WRITTEN,
                "Items committed to the database (rows written; compare with mds_coord_drain_rate)");
        batches = coordinator.counter(StoreMetrics.BATCHES_WRITTEN, "Batches committed by the workers");
        String writeErrors = "Failed write attempts: transient (retried) or data (rows isolated)";
        transientErrors = coordinator.counter(StoreMetrics.WRITE_ERRORS, writeErrors, "kind", "transient");
        dataErrors = coordinator.counter(StoreMetrics.WRITE_ERRORS, writeErrors, "kind", "data");
        deadLettered = coordinator.counter(StoreMetrics.DLQ_ITEMS, "Items written to the dead-letter queue");
        deadLetterFailures = coordinator.counter(
                StoreMetrics.DLQ_FAILURES, "Items the dead-letter queue refused (they are held in memory and retried)");
        workerLatency =
                coordinator.latency(StoreMetrics.WRITE_LATENCY, "Time to commit one batch, as the worker sees it");
        String sinkWrites = "Write attempts by sink and outcome";
        sinkSuccess = sinkMeters.counter(StoreMetrics.SINK_WRITES, sinkWrites, StoreMetrics.STATUS, "success");
        sinkFailure = sinkMeters.counter(StoreMetrics.SINK_WRITES, sinkWrites, StoreMetrics.STATUS, "failure");
        sinkLatency = sinkMeters.latency(StoreMetrics.SINK_WRITE_LATENCY, "Time for a sink to commit one batch");

        for (HealthGauge gauge : HEALTH_GAUGES) {
            coordinator.gauge(
                    gauge.name(),
                    gauge.description(),
                    health,
                    ref -> gauge.value().applyAsDouble(ref.get()));
        }
        coordinator.gauge(
                StoreMetrics.DRAIN_RATE,
                "Items per second the coordinator can commit, measured while its workers write"
                        + " (NaN before the first batch); the drain_rate of its feedback events",
                this,
                m -> m.drainRate);
        Gauge.builder(StoreMetrics.QUEUE_DELAY, this, m -> m.queueDelaySeconds)
                .description("Age of the oldest queued item (0 when the queue is empty); the queue_delay_ms of its"
                        + " feedback events")
                .baseUnit("seconds")
                .tags(coordinator.tags())
                .register(registry);
        for (BackpressureLevel level : BackpressureLevel.values()) {
            String name = switch (level) {
                case OK -> StoreMetrics.BACKPRESSURE_OK;
                case SOFT -> StoreMetrics.BACKPRESSURE_SOFT;
                case HARD -> StoreMetrics.BACKPRESSURE_HARD;
            };
            coordinator.gauge(
                    name,
                    "1 while the coordinator's pressure is " + level.wireName(),
                    health,
                    ref -> ref.get().level() == level ? 1 : 0);
        }
    }

    /** Registers meters that share one set of tags, so each registration names only what is its own. */
    private record Meters(MeterRegistry registry, Tags tags) {

        static Meters of(MeterRegistry registry, String coordinatorId) {
            return new Meters(registry, Tags.of(StoreMetrics.COORDINATOR_ID, coordinatorId));
        }

        /** {@code keyValues}: more tags, as key, value, key, value. */
        Counter counter(String name, String description, String... keyValues) {
            return Counter.builder(name)
                    .description(description)
                    .tags(tags.and(keyValues))
                    .register(registry);
        }

        /** Batch commit times, as a histogram so dashboards can take percentiles across instances. */
        Timer latency(String name, String description) {
            return Timer.builder(name)
                    .description(description)
                    .tags(tags)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry);
        }

        /** A gauge of {@code value} applied to {@code source}, which it holds only weakly (as Micrometer does). */
        <S> void gauge(String name, String description, S source, ToDoubleFunction<S> value) {
            Gauge.builder(name, source, value)
                    .description(description)
                    .tags(tags)
                    .register(registry);
        }

        /** A gauge that holds {@code value} strongly. */
        void gauge(String name, String description, Supplier<Number> value) {
            Gauge.builder(name, value).description(description).tags(tags).register(registry);
        }
    }

    /** Registers the configured watermark lines, which the dashboard draws against the queue depth. */
    void watermarks(MeterRegistry registry, String coordinatorId, int high, int low) {
        Meters coordinator = Meters.of(registry, coordinatorId);
        coordinator.gauge(StoreMetrics.HIGH_WATERMARK, "Queue size at or above which the level is hard", () -> high);
        coordinator.gauge(StoreMetrics.LOW_WATERMARK, "Queue size at or below which the level is ok", () -> low);
    }

    /** Registers the count of items the dead-letter queue refused and the coordinator holds in memory. */
    void heldDeadLetters(MeterRegistry registry, String coordinatorId, IntSupplier heldItems) {
        Meters.of(registry, coordinatorId)
                .gauge(
                        StoreMetrics.DLQ_HELD_ITEMS,
                        "Items the dead-letter queue refused, held in memory; above 0 the store admits nothing",
                        heldItems::getAsInt);
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

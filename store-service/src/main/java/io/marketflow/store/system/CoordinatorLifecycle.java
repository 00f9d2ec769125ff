package io.marketflow.store.system;

import io.marketflow.store.coordinator.HeldDeadLetters;
import io.marketflow.store.coordinator.ShutdownReport;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.feedback.Measurements;
import io.marketflow.store.lane.Lane;
import io.marketflow.store.lane.Lanes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Starts the coordinators before the web server takes requests and stops them after it has stopped taking
 * them (a lower phase starts earlier and stops later), so every request the server admitted is drained into
 * the database, or dead-lettered at {@code MDS_SHUTDOWN_DRAIN_TIMEOUT_SEC}, before the connection pool closes.
 */
final class CoordinatorLifecycle extends OrderedLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorLifecycle.class);

    private final Lanes lanes;
    private final StoreProperties properties;
    private final Scheduler scheduler;
    private Disposable sampling;

    CoordinatorLifecycle(Lanes lanes, StoreProperties properties, Scheduler scheduler) {
        super(COORDINATORS);
        this.lanes = lanes;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @Override
    void starting() {
        for (Lane<?> lane : lanes.all()) {
            lane.coordinator().start();
            lane.feedback()
                    .start(
                            () -> measurements(lane.coordinator()),
                            scheduler,
                            properties.feedback().heartbeat(),
                            properties.feedback().busyInterval());
        }
        long pollNanos = properties.metrics().queuePoll().toNanos();
        sampling =
                scheduler.schedulePeriodically(this::sample, 0, pollNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    // No queue lock taken: the publisher calls this under its own lock, also from level-change callbacks.
    private static Measurements measurements(WriteCoordinator<?> coordinator) {
        return new Measurements(
                coordinator.queueSize(),
                coordinator.drainRate(),
                coordinator.queueDelay().toMillis());
    }

    private void sample() {
        for (Lane<?> lane : lanes.all()) {
            lane.metrics().sample();
            HeldDeadLetters held = lane.coordinator().heldDeadLetters();
            if (held.failure() != null) {
                // Items the dead-letter queue refused wait in memory; the store admits nothing until they are in.
                held.retry();
            }
        }
    }

    @Override
    void stopping() {
        List<CompletableFuture<ShutdownReport>> reports = lanes.all().stream()
                .map(lane -> CompletableFuture.supplyAsync(
                        () -> lane.coordinator().shutdown(properties.shutdown().drainTimeout())))
                .toList();
        for (CompletableFuture<ShutdownReport> report : reports) {
            log.info("write coordinator stopped: {}", report.join());
        }
        if (sampling != null) {
            sampling.dispose();
        }
        sample();
        lanes.all().forEach(lane -> lane.feedback().close());
    }
}

package io.marketflow.launcher;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.pipeline.feedback.CoordinatorSnapshot;
import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.status.PipelineStatus;
import io.marketflow.store.coordinator.CoordinatorHealth;
import io.marketflow.store.feedback.FeedbackBus;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.lane.Lanes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Both ends of the feedback loop of a running {@link LocalSystem}, read in process: the store's bars
 * coordinator (queue, level, circuit) with every level change it published, and the pipeline's scale for one
 * provider. Close it to stop recording.
 */
final class LoopProbe implements AutoCloseable {

    static final String BARS_COORDINATOR = "bars-coord";

    private final Lanes store;
    private final PipelineStatus pipeline;
    private final String provider;
    private final List<FeedbackEvent> levelChanges = new CopyOnWriteArrayList<>();
    private final FeedbackBus.Subscription subscription;

    LoopProbe(LocalSystem system, String provider) {
        this.store = system.store().getBean(Lanes.class);
        this.pipeline = system.pipeline().getBean(PipelineStatus.class);
        this.provider = provider;
        this.subscription = system.store().getBean(FeedbackBus.class).subscribe("loop-probe", this::record);
    }

    private void record(FeedbackEvent event) {
        // Heartbeats repeat the level; only transitions of the bars coordinator are of interest here.
        if (BARS_COORDINATOR.equals(event.coordinatorId()) && "level_change".equals(event.reason())) {
            levelChanges.add(event);
        }
    }

    BackpressureLevel storeLevel() {
        return store.get(DataKind.BARS).coordinator().level();
    }

    CoordinatorHealth storeHealth() {
        return store.get(DataKind.BARS).coordinator().health();
    }

    /** Level transitions of the bars coordinator published since the probe was made, oldest first. */
    List<BackpressureLevel> levelChanges() {
        return levelChanges.stream().map(FeedbackEvent::level).toList();
    }

    /** The same transitions as published; an event's {@code ts} is when the queue crossed the watermark. */
    List<FeedbackEvent> levelChangeEvents() {
        return List.copyOf(levelChanges);
    }

    double scale() {
        return pipeline.provider(provider).orElseThrow().scale();
    }

    FeedbackSnapshot feedback() {
        return pipeline.feedback();
    }

    /** What the pipeline last heard from the store's bars coordinator, if anything. */
    Optional<CoordinatorSnapshot> barsCoordinatorAsHeard() {
        return pipeline.feedback().coordinators().stream()
                .filter(c -> c.coordinatorId().equals(BARS_COORDINATOR))
                .findFirst();
    }

    @Override
    public void close() {
        subscription.close();
    }
}

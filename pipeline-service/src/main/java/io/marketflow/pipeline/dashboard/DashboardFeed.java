package io.marketflow.pipeline.dashboard;

import io.marketflow.pipeline.feedback.CoordinatorSnapshot;
import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.lifecycle.PeriodicTask;
import io.marketflow.pipeline.ratelimit.ProviderSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Assembles dashboard snapshots from the pipeline's own state and a poll of the store's health, and streams
 * one per period to every watcher. All watchers share one stream, so the store is polled once per period
 * however many pages are open, and not at all when none is.
 *
 * <p>As a lifecycle bean it samples the applied feedback events (so the events list covers the time nobody
 * watched) and, when stopped, completes every stream: open pages must not hold up a graceful shutdown.
 */
final class DashboardFeed implements SmartLifecycle {

    /** How often a watcher gets a snapshot. */
    static final Duration PERIOD = Duration.ofSeconds(1);

    static final int EVENTS_KEPT = 50;

    private static final Duration EVENT_SAMPLING = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(DashboardFeed.class);

    private final String storeUrl;
    private final StoreHealthSource store;
    private final PipelineView pipeline;
    private final Clock clock;
    private final FeedbackEvents events = new FeedbackEvents(EVENTS_KEPT);
    private final AtomicLong seq = new AtomicLong();
    private final Sinks.Empty<Void> stopped = Sinks.empty();
    private final Flux<DashboardSnapshot> shared;
    private final PeriodicTask sampling;

    /**
     * @param storeUrl the store's address as shown on the page
     * @param scheduler runs the period and the event sampling
     */
    DashboardFeed(
            String storeUrl,
            StoreHealthSource store,
            PipelineView pipeline,
            Clock clock,
            Scheduler scheduler,
            Duration period) {
        this.storeUrl = Objects.requireNonNull(storeUrl, "storeUrl");
        this.store = Objects.requireNonNull(store, "store");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sampling = new PeriodicTask(
                () -> events.observe(pipeline.feedback().coordinators()),
                EVENT_SAMPLING,
                scheduler,
                e -> log.warn("dashboard: sampling feedback events failed", e));
        this.shared = Flux.interval(Duration.ZERO, period, scheduler)
                // A store slower than the period skips ticks rather than queueing them.
                .onBackpressureDrop()
                .concatMap(tick -> snapshot(), 1)
                .takeUntilOther(stopped.asMono())
                .replay(1)
                .refCount();
    }

    /** One snapshot now, then one per period, until the subscriber cancels or the pipeline stops. */
    Flux<DashboardSnapshot> stream() {
        return shared;
    }

    /** A fresh snapshot (polls the store once). */
    Mono<DashboardSnapshot> snapshot() {
        return store.fetch().map(this::assemble);
    }

    private DashboardSnapshot assemble(StoreHealth health) {
        FeedbackSnapshot feedback = pipeline.feedback();
        events.observe(feedback.coordinators());
        return new DashboardSnapshot(
                seq.incrementAndGet(),
                clock.instant(),
                new DashboardSnapshot.Store(storeUrl, health.reachable(), health.status(), health.error()),
                feedback(feedback),
                coordinators(health, feedback),
                pipeline.providers().stream().map(this::provider).toList(),
                events.recent());
    }

    private static DashboardSnapshot.Feedback feedback(FeedbackSnapshot feedback) {
        FeedbackSnapshot.Pacing pacing = feedback.pacing();
        if (pacing == null) {
            return new DashboardSnapshot.Feedback(
                    feedback.enabled(), feedback.policy(), feedback.level().wireName(), feedback.scale());
        }
        return new DashboardSnapshot.Feedback(
                feedback.enabled(),
                feedback.policy(),
                feedback.level().wireName(),
                feedback.scale(),
                pacing.pacedRate(),
                pacing.capacity(),
                pacing.constrainedBy(),
                pacing.targetDelaySeconds());
    }

    /**
     * The store's coordinators, with what the pipeline last heard from each; a coordinator only the pipeline
     * knows (the store being unreachable) shows the queue and level of its last feedback event.
     */
    private static List<DashboardSnapshot.Coordinator> coordinators(StoreHealth health, FeedbackSnapshot feedback) {
        Map<String, CoordinatorSnapshot> heard = new LinkedHashMap<>();
        feedback.coordinators().forEach(c -> heard.put(c.coordinatorId(), c));
        Map<String, DashboardSnapshot.Coordinator> all = new LinkedHashMap<>();
        for (StoreHealth.Coordinator c : health.coordinators()) {
            CoordinatorSnapshot h = heard.remove(c.id());
            all.put(
                    c.id(),
                    new DashboardSnapshot.Coordinator(
                            c.id(),
                            c.queueSize(),
                            c.capacity(),
                            c.highWatermark(),
                            c.lowWatermark(),
                            c.level(),
                            c.circuitState(),
                            c.workersAlive(),
                            c.workers(),
                            h == null ? null : h.effectiveLevel().wireName(),
                            h == null ? null : h.seq(),
                            h == null ? null : ageSeconds(h),
                            h == null ? null : h.drainRate(),
                            h == null ? null : h.queueDelayMs()));
        }
        for (CoordinatorSnapshot h : heard.values()) {
            all.put(
                    h.coordinatorId(),
                    new DashboardSnapshot.Coordinator(
                            h.coordinatorId(),
                            h.queueSize(),
                            h.capacity(),
                            null,
                            null,
                            h.level().wireName(),
                            null,
                            null,
                            null,
                            h.effectiveLevel().wireName(),
                            h.seq(),
                            ageSeconds(h),
                            h.drainRate(),
                            h.queueDelayMs()));
        }
        return List.copyOf(all.values());
    }

    private static double ageSeconds(CoordinatorSnapshot c) {
        return c.age().toMillis() / 1000.0;
    }

    private DashboardSnapshot.Provider provider(ProviderSnapshot p) {
        return new DashboardSnapshot.Provider(
                p.provider(),
                p.baseRate(),
                p.scale(),
                p.effectiveRate(),
                p.pressure().wireName(),
                Math.floor(p.tokens() * 10) / 10,
                p.capacity(),
                p.breaker().name().toLowerCase(Locale.ROOT),
                pipeline.barsSent(p.provider()),
                pipeline.deadLettered(p.provider()));
    }

    @Override
    public void start() {
        sampling.start();
    }

    @Override
    public void stop() {
        sampling.stop();
        stopped.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return sampling.isRunning();
    }
}

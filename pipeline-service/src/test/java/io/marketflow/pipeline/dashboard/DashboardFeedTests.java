package io.marketflow.pipeline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.pipeline.feedback.FeedbackHandler;
import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.feedback.PacePolicy;
import io.marketflow.pipeline.feedback.StepPolicy;
import io.marketflow.pipeline.ratelimit.ProviderLimits;
import io.marketflow.pipeline.ratelimit.ProviderSnapshot;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Snapshot assembly from the pipeline's state and the store's health, and the shared once-a-second stream. */
class DashboardFeedTests {

    private static final Instant NOW = Instant.parse("2025-10-15T14:30:00Z");
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final RateCoordinator rates = RateCoordinator.systemDefault();
    private final FeedbackHandler feedback = new FeedbackHandler(
            rates,
            StepPolicy.DEFAULT,
            new FeedbackHandler.Settings(Duration.ofMinutes(10), BackpressureLevel.SOFT, 32),
            System::nanoTime);
    private final AtomicReference<StoreHealth> storeSays = new AtomicReference<>(StoreHealth.unreachable("down"));
    private final AtomicInteger storePolls = new AtomicInteger();
    private final StoreHealthSource store = () -> Mono.fromSupplier(() -> {
        storePolls.incrementAndGet();
        return storeSays.get();
    });
    private final PipelineView pipeline = view(feedback, 1234);

    DashboardFeedTests() {
        rates.register("sim", new ProviderLimits(100, 400, Duration.ofSeconds(1), 5, Duration.ofSeconds(1)));
    }

    /** The pipeline as {@link #rates} pace it, with {@code handler}'s feedback and {@code barsSent} per provider. */
    private PipelineView view(FeedbackHandler handler, long barsSent) {
        return new PipelineView() {
            @Override
            public List<ProviderSnapshot> providers() {
                return rates.snapshots();
            }

            @Override
            public FeedbackSnapshot feedback() {
                return handler.snapshot();
            }

            @Override
            public long barsSent(String provider) {
                return barsSent;
            }
        };
    }

    private DashboardFeed feed(Scheduler scheduler) {
        return new DashboardFeed(
                "http://store:8080", store, pipeline, Clock.fixed(NOW, ZoneOffset.UTC), scheduler, PERIOD);
    }

    private void storeReports(StoreHealth.Coordinator... coordinators) {
        storeSays.set(new StoreHealth(true, "UP", null, List.of(coordinators)));
    }

    private static FeedbackEvent event(String coordinator, BackpressureLevel level, long seq, int queueSize) {
        return new FeedbackEvent(coordinator, queueSize, 10_000, level, null, NOW.minusSeconds(1), seq);
    }

    @Test
    void combinesTheStoresCoordinatorsWithWhatThePipelineHeardFromThem() {
        storeReports(new StoreHealth.Coordinator("bars-coord", 4, 4, 6500, 10_000, "soft", "closed", 8000, 5000));
        feedback.handle(event("bars-coord", BackpressureLevel.SOFT, 7, 6400), null);

        DashboardSnapshot snapshot =
                feed(VirtualTimeScheduler.create()).snapshot().block();

        assertThat(snapshot.ts()).isEqualTo(NOW);
        assertThat(snapshot.store()).isEqualTo(new DashboardSnapshot.Store("http://store:8080", true, "UP", null));
        assertThat(snapshot.coordinators()).singleElement().satisfies(c -> {
            assertThat(c.queueSize()).isEqualTo(6500); // the store's live number, not the feedback's
            assertThat(c.highWatermark()).isEqualTo(8000);
            assertThat(c.lowWatermark()).isEqualTo(5000);
            assertThat(c.level()).isEqualTo("soft");
            assertThat(c.circuitState()).isEqualTo("closed");
            assertThat(c.workersAlive()).isEqualTo(4);
            assertThat(c.feedbackLevel()).isEqualTo("soft");
            assertThat(c.feedbackSeq()).isEqualTo(7);
        });
        assertThat(snapshot.providers())
                .containsExactly(
                        new DashboardSnapshot.Provider("sim", 400, 0.5, 200, "soft", 100, 100, "closed", 1234, 0));
        assertThat(snapshot.feedback()).isEqualTo(new DashboardSnapshot.Feedback(true, "step", "soft", 0.5));
        assertThat(snapshot.events())
                .containsExactly(
                        new DashboardSnapshot.Event(NOW.minusSeconds(1), "bars-coord", null, "soft", 7, 6400, 1));
    }

    @Test
    void underThePacePolicyShowsTheCapacityThePacedRateAndTheTargetDelay() {
        FeedbackHandler paced = new FeedbackHandler(
                rates,
                new PacePolicy(PacePolicy.Settings.DEFAULT, StepPolicy.DEFAULT),
                new FeedbackHandler.Settings(Duration.ofMinutes(10), BackpressureLevel.SOFT, 32),
                System::nanoTime);
        PipelineView view = view(paced, 0);
        paced.handle(
                new FeedbackEvent(
                        "bars-coord", 75, 10_000, BackpressureLevel.OK, null, NOW.minusSeconds(1), 1, 300.0, 250L),
                null);
        storeReports();

        DashboardSnapshot snapshot = new DashboardFeed(
                        "http://store:8080",
                        store,
                        view,
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        VirtualTimeScheduler.create(),
                        PERIOD)
                .snapshot()
                .block();

        assertThat(snapshot.feedback())
                .isEqualTo(new DashboardSnapshot.Feedback(true, "pace", "ok", 0.75, 300.0, 300.0, "bars-coord", 0.25));
        assertThat(snapshot.coordinators()).singleElement().satisfies(c -> {
            assertThat(c.drainRate()).isEqualTo(300.0);
            assertThat(c.queueDelayMs()).isEqualTo(250L);
        });
        assertThat(snapshot.providers())
                .singleElement()
                .satisfies(p -> assertThat(p.effectiveRate()).isEqualTo(300.0));
    }

    @Test
    void unreachableStoreLeavesTheLastFeedbackOfEachCoordinator() {
        feedback.handle(event("bars-coord", BackpressureLevel.HARD, 3, 9100), null);

        DashboardSnapshot snapshot =
                feed(VirtualTimeScheduler.create()).snapshot().block();

        assertThat(snapshot.store().reachable()).isFalse();
        assertThat(snapshot.store().error()).isEqualTo("down");
        assertThat(snapshot.coordinators())
                .singleElement()
                .extracting(
                        DashboardSnapshot.Coordinator::id,
                        DashboardSnapshot.Coordinator::queueSize,
                        DashboardSnapshot.Coordinator::level,
                        DashboardSnapshot.Coordinator::highWatermark,
                        DashboardSnapshot.Coordinator::circuitState)
                .containsExactly("bars-coord", 9100, "hard", null, null);
        assertThat(snapshot.providers())
                .singleElement()
                .satisfies(p -> assertThat(p.effectiveRate()).isZero());
    }

    @Test
    void streamsOneFreshSnapshotEveryPeriod() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        storeReports(new StoreHealth.Coordinator("bars-coord", 4, 4, 10, 10_000, "ok", "closed", 8000, 5000));

        StepVerifier.withVirtualTime(() -> feed(time).stream(), () -> time, Long.MAX_VALUE)
                .expectNextMatches(s -> s.seq() == 1 && s.coordinators().get(0).queueSize() == 10)
                .expectNoEvent(PERIOD.minusMillis(1))
                .then(() -> storeReports(
                        new StoreHealth.Coordinator("bars-coord", 4, 4, 6000, 10_000, "soft", "closed", 8000, 5000)))
                .thenAwait(Duration.ofMillis(1))
                .expectNextMatches(
                        s -> s.seq() == 2 && s.coordinators().get(0).level().equals("soft"))
                .thenAwait(PERIOD)
                .expectNextMatches(s -> s.seq() == 3)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void watchersShareOnePollOfTheStorePerPeriod() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        DashboardFeed feed = feed(time);
        AtomicInteger seenByFirst = new AtomicInteger();
        AtomicInteger seenBySecond = new AtomicInteger();

        Disposable first = feed.stream().subscribe(s -> seenByFirst.incrementAndGet());
        Disposable second = feed.stream().subscribe(s -> seenBySecond.incrementAndGet());
        time.advanceTimeBy(PERIOD.multipliedBy(3));

        assertThat(storePolls).hasValue(4);
        assertThat(seenByFirst).hasValue(4);
        assertThat(seenBySecond).hasValue(4);

        first.dispose();
        second.dispose();
        time.advanceTimeBy(PERIOD.multipliedBy(3));
        assertThat(storePolls).as("nobody watches: the store is left alone").hasValue(4);
    }

    @Test
    void stoppingEndsEveryStreamSoOpenPagesDoNotHoldUpShutdown() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        DashboardFeed feed = feed(time);
        feed.start();

        StepVerifier.create(feed.stream())
                .expectNextCount(1)
                .then(feed::stop)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(feed.isRunning()).isFalse();
    }

    @Test
    void samplesFeedbackEventsWhileNobodyWatches() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        DashboardFeed feed = feed(time);
        feed.start();

        feedback.handle(event("bars-coord", BackpressureLevel.SOFT, 1, 6000), null);
        time.advanceTimeBy(Duration.ofMillis(250));
        feedback.handle(event("bars-coord", BackpressureLevel.OK, 2, 10), null);
        time.advanceTimeBy(Duration.ofMillis(250));
        DashboardSnapshot snapshot = feed.snapshot().block();
        feed.stop();

        assertThat(snapshot.events())
                .extracting(DashboardSnapshot.Event::seq, DashboardSnapshot.Event::from, DashboardSnapshot.Event::to)
                .containsExactly(tuple(2L, "soft", "ok"), tuple(1L, null, "soft"));
    }
}

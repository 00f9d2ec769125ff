package io.marketflow.pipeline.feedback;

import static io.marketflow.contracts.BackpressureLevel.HARD;
import static io.marketflow.contracts.BackpressureLevel.OK;
import static io.marketflow.contracts.BackpressureLevel.SOFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.pipeline.ratelimit.ProviderLimits;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** The pace policy through the feedback handler, on a virtual clock; the loop as a whole is in LoopSimulationTests. */
class PacePolicyTests {

    private static final Duration STALE_AFTER = Duration.ofSeconds(15);
    private static final Instant TS = Instant.parse("2025-10-15T14:30:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private final RateCoordinator rates = new RateCoordinator(nanos::get, Schedulers.immediate());
    private final FeedbackHandler handler;
    private long seq;

    PacePolicyTests() {
        rates.register("big", new ProviderLimits(100, 3000, Duration.ZERO, 5, Duration.ofSeconds(60)));
        rates.register("small", new ProviderLimits(100, 1000, Duration.ZERO, 5, Duration.ofSeconds(60)));
        handler = new FeedbackHandler(
                rates,
                new PacePolicy(
                        new PacePolicy.Settings(Duration.ofMillis(100), 1.2, Duration.ofSeconds(1), 0.02),
                        StepPolicy.DEFAULT),
                new FeedbackHandler.Settings(STALE_AFTER, SOFT, 32),
                nanos::get);
    }

    private void hear(String coordinator, BackpressureLevel level, int queue, Double drainRate, Long delayMs) {
        handler.handle(new FeedbackEvent(coordinator, queue, 10_000, level, null, TS, ++seq, drainRate, delayMs), null);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private double total() {
        return rates.snapshot("big").effectiveRate() + rates.snapshot("small").effectiveRate();
    }

    @Test
    void pacesTheTotalToTheDrainRateSplitByBaseRate() {
        hear("bars-coord", OK, 200, 2000.0, 100L);

        assertThat(total()).isCloseTo(2000, within(1.0));
        assertThat(rates.snapshot("big").effectiveRate()).isCloseTo(1500, within(1.0));
        assertThat(rates.snapshot("small").effectiveRate()).isCloseTo(500, within(1.0));
        assertThat(handler.snapshot().pacing()).isEqualTo(new FeedbackSnapshot.Pacing(2000, 2000.0, "bars-coord", 0.1));
    }

    @Test
    void neverAboveAProvidersOwnLimit() {
        hear("bars-coord", OK, 800, 8000.0, 100L);

        assertThat(rates.snapshot("big").effectiveRate()).isEqualTo(3000);
        assertThat(rates.snapshot("small").effectiveRate()).isEqualTo(1000);
    }

    @Test
    void drainsAQueueAboveTheTargetBelowTheCapacity() {
        hear("bars-coord", SOFT, 1200, 2000.0, 600L);

        assertThat(total()).isLessThan(2000 * 0.6);
    }

    @Test
    void probesUpwardWhileTheQueueIsEmptyAtMostByTheProbeGainPerSecond() {
        hear("bars-coord", OK, 200, 2000.0, 100L);
        double before = total();
        for (int i = 0; i < 4; i++) {
            advance(Duration.ofMillis(250));
            hear("bars-coord", OK, 0, 2000.0, 0L);
        }

        assertThat(total()).isGreaterThan(before * 1.15).isLessThanOrEqualTo(before * 1.2 + 1);
    }

    @Test
    void aHardLevelPausesWithinOneEventAndPacingResumesAfterIt() {
        hear("bars-coord", OK, 200, 2000.0, 100L);
        hear("bars-coord", HARD, 8000, 2000.0, 4000L);

        assertThat(total()).isZero();

        advance(Duration.ofMillis(250));
        hear("bars-coord", SOFT, 4000, 2000.0, 2000L);
        assertThat(total()).isGreaterThan(0);
    }

    @Test
    void pacesToTheMostConstrainedLiveCoordinator() {
        hear("bars-coord-a", OK, 200, 2000.0, 100L);
        hear("bars-coord-b", OK, 100, 1000.0, 100L);

        assertThat(total()).isCloseTo(1000, within(1.0));
        assertThat(handler.snapshot().pacing().constrainedBy()).isEqualTo("bars-coord-b");
    }

    @Test
    void anIdleCoordinatorHeardForTheFirstTimeThrottlesNothing() {
        hear("bars-coord", OK, 200, 2000.0, 100L);
        hear("news-coord", OK, 0, 50.0, 0L);

        assertThat(total()).isCloseTo(2000, within(1.0));
    }

    @Test
    void eventsWithoutADrainRateGetTheStepScalesOnceTheStartUpRampIsOver() {
        handler.reevaluate();
        advance(Duration.ofSeconds(5));
        hear("old-coord", SOFT, 6000, null, null);

        assertThat(rates.snapshot("big").scale()).isEqualTo(0.5);
        assertThat(rates.snapshot("small").scale()).isEqualTo(0.5);
    }

    @Test
    void lostFeedbackNeitherFreezesAtZeroNorRunsAtFullSpeed() {
        hear("bars-coord", SOFT, 3000, 2000.0, 1500L);
        for (int i = 0; i < 20; i++) {
            advance(Duration.ofMillis(250));
            handler.reevaluate();
        }
        // Five seconds without news: the gain held instead of integrating the last, stale, delay to nothing.
        assertThat(total()).isGreaterThan(2000 * 0.2);

        advance(STALE_AFTER);
        handler.reevaluate();
        assertThat(rates.snapshot("big").scale()).isEqualTo(0.5);
        assertThat(handler.snapshot().pacing().constrainedBy()).isNull();
    }

    @Test
    void beforeTheFirstEventStartsAtAQuarterOfTheFullRateAndReachesItWithinFiveSeconds() {
        handler.reevaluate();
        assertThat(total()).isCloseTo(4000 * PacePolicy.START_SHARE, within(1.0));

        double previous = total();
        for (int i = 0; i < 20; i++) {
            advance(Duration.ofMillis(250));
            handler.reevaluate();
            assertThat(total()).as("after %d ms", 250 * (i + 1)).isGreaterThanOrEqualTo(previous);
            previous = total();
        }
        assertThat(total()).as("after 5 s without any feedback").isEqualTo(4000);
    }

    @Test
    void theFirstEventOfAnIdleStoreTakesOverFromTheStartUpRampWithoutAJump() {
        handler.reevaluate();
        advance(Duration.ofMillis(500));
        handler.reevaluate();
        double ramp = total();

        hear("bars-coord", OK, 0, 8000.0, 0L);

        assertThat(total()).isCloseTo(ramp, within(1.0)).isLessThan(4000 * 0.5);
    }

    @Test
    void eventsWithoutACapacityDoNotEndTheStartUpRamp() {
        handler.reevaluate();
        hear("bars-coord", OK, 0, null, null);

        assertThat(total()).isCloseTo(4000 * PacePolicy.START_SHARE, within(1.0));
    }

    @Test
    void settingsAreChecked() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PacePolicy.Settings(Duration.ZERO, 1.2, Duration.ofSeconds(1), 0.02))
                .withMessageContaining("targetDelay");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PacePolicy.Settings(Duration.ofMillis(100), 1.0, Duration.ofSeconds(1), 0.02))
                .withMessageContaining("probeGain");
    }
}

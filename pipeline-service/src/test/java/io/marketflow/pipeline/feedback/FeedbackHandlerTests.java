package io.marketflow.pipeline.feedback;

import static io.marketflow.contracts.BackpressureLevel.HARD;
import static io.marketflow.contracts.BackpressureLevel.OK;
import static io.marketflow.contracts.BackpressureLevel.SOFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.pipeline.ratelimit.ProviderLimits;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.scheduler.Schedulers;

class FeedbackHandlerTests {

    private static final Duration STALE_AFTER = Duration.ofSeconds(15);

    private final AtomicLong nanos = new AtomicLong();
    private final RateCoordinator coordinator = new RateCoordinator(nanos::get, Schedulers.immediate());

    FeedbackHandlerTests() {
        coordinator.register("ibkr", ProviderLimits.DEFAULTS);
        coordinator.register("csv", ProviderLimits.DEFAULTS);
    }

    private FeedbackHandler handler(ScalePolicy policy) {
        return handler(policy, 32);
    }

    private FeedbackHandler handler(ScalePolicy policy, int maxCoordinators) {
        return new FeedbackHandler(
                coordinator, policy, new FeedbackHandler.Settings(STALE_AFTER, SOFT, maxCoordinators), nanos::get);
    }

    /** A step-policy handler that has heard {@code events}, in turn, without webhook ids. */
    private FeedbackHandler stepHandlerThatHeard(FeedbackEvent... events) {
        FeedbackHandler handler = handler(StepPolicy.DEFAULT);
        for (FeedbackEvent event : events) {
            handler.handle(event, null);
        }
        return handler;
    }

    private static FeedbackEvent event(String coordinatorId, BackpressureLevel level, long seq) {
        return new FeedbackEvent(coordinatorId, 0, 10_000, level, null, Instant.parse("2025-10-15T14:30:00Z"), seq);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private double scaleOf(String provider) {
        return coordinator.snapshot(provider).scale();
    }

    @Test
    void stepPolicyMapsEachLevelToItsScaleForEveryProvider() {
        FeedbackHandler handler = handler(StepPolicy.DEFAULT);

        handler.handle(event("bars-coord", SOFT, 1), null);
        assertThat(scaleOf("ibkr")).isEqualTo(0.5);
        assertThat(scaleOf("csv")).isEqualTo(0.5);
        assertThat(coordinator.snapshot("csv").pressure()).isEqualTo(SOFT);

        handler.handle(event("bars-coord", HARD, 2), null);
        assertThat(scaleOf("ibkr")).isEqualTo(0.0);

        handler.handle(event("bars-coord", OK, 3), null);
        assertThat(scaleOf("ibkr")).isEqualTo(1.0);
        assertThat(coordinator.snapshot("ibkr").pressure()).isEqualTo(OK);
    }

    @Test
    void stepPolicyScalesAreConfigurable() {
        FeedbackHandler handler = handler(new StepPolicy(0.9, 0.3, 0.1));

        handler.handle(event("bars-coord", HARD, 1), null);

        assertThat(scaleOf("ibkr")).isEqualTo(0.1);
    }

    @Test
    void aimdPolicyPausesOnHardThenClimbsBackStepByStepWhileOk() {
        FeedbackHandler handler = handler(new AimdPolicy(0.25, 0.5, 0.05, 0.25, Duration.ofSeconds(1)));

        handler.handle(event("bars-coord", HARD, 1), null);
        assertThat(scaleOf("ibkr")).isEqualTo(0.0);

        handler.handle(event("bars-coord", OK, 2), null);
        assertThat(scaleOf("ibkr")).as("within the minimum interval").isEqualTo(0.0);

        for (int i = 1; i <= 4; i++) {
            advance(Duration.ofSeconds(1));
            handler.reevaluate();
            assertThat(scaleOf("ibkr")).isEqualTo(0.25 * i);
        }
    }

    @Test
    void aimdPolicyHalvesOnSoft() {
        FeedbackHandler handler = handler(new AimdPolicy(0.1, 0.5, 0.05, 1.0, Duration.ofSeconds(1)));
        advance(Duration.ofSeconds(1));

        handler.handle(event("bars-coord", SOFT, 1), null);
        assertThat(scaleOf("ibkr")).isEqualTo(0.5);

        advance(Duration.ofSeconds(1));
        handler.handle(event("bars-coord", SOFT, 2), null);
        assertThat(scaleOf("ibkr")).isEqualTo(0.25);
    }

    @Test
    void worstLiveLevelOfSeveralCoordinatorsWins() {
        FeedbackHandler handler = stepHandlerThatHeard(event("bars-coord", OK, 1), event("options-coord", HARD, 1));
        assertThat(scaleOf("ibkr")).isEqualTo(0.0);

        handler.handle(event("bars-coord", SOFT, 2), null);
        assertThat(scaleOf("ibkr")).as("options-coord is still hard").isEqualTo(0.0);

        handler.handle(event("options-coord", OK, 2), null);
        assertThat(scaleOf("ibkr")).isEqualTo(0.5);
        assertThat(handler.snapshot().level()).isEqualTo(SOFT);
    }

    @Test
    void hardLevelNotRefreshedExpiresToTheFallbackInsteadOfFreezing() {
        FeedbackHandler handler = stepHandlerThatHeard(event("bars-coord", HARD, 1));

        advance(STALE_AFTER);
        handler.reevaluate();
        assertThat(scaleOf("ibkr")).isEqualTo(0.0);

        advance(Duration.ofMillis(1));
        handler.reevaluate();
        assertThat(scaleOf("ibkr")).isEqualTo(0.5);
        CoordinatorSnapshot heard = handler.snapshot().coordinators().get(0);
        assertThat(heard.expired()).isTrue();
        assertThat(heard.level()).isEqualTo(HARD);
        assertThat(heard.effectiveLevel()).isEqualTo(SOFT);
    }

    @Test
    void coordinatorThatFellSilentIsIgnoredWhileAnotherIsLive() {
        // A store replica scaled away stops reporting; the replicas still running decide the level.
        FeedbackHandler handler = stepHandlerThatHeard(event("bars-coord-a", SOFT, 1), event("bars-coord-b", OK, 1));
        assertThat(scaleOf("ibkr")).isEqualTo(0.5);

        advance(Duration.ofSeconds(10));
        handler.handle(event("bars-coord-b", OK, 2), null);
        advance(Duration.ofSeconds(10));
        handler.reevaluate();

        assertThat(scaleOf("ibkr")).as("only b is live, and b is ok").isEqualTo(1.0);
    }

    static Stream<Arguments> okLevelHeardEvery() {
        return Stream.of(
                Arguments.of(
                        "ok level not refreshed also expires, so a dead store does not keep full speed",
                        1,
                        STALE_AFTER.plusSeconds(1),
                        0.5),
                Arguments.of("refreshed level stays live", 5, Duration.ofSeconds(10), 1.0));
    }

    /** An ok level heard {@code times}, {@code gap} apart, the handler reevaluating at the end of each gap. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("okLevelHeardEvery")
    void okLevelStaysLiveOnlyWhileRefreshed(String name, int times, Duration gap, double scale) {
        FeedbackHandler handler = handler(StepPolicy.DEFAULT);
        for (int seq = 1; seq <= times; seq++) {
            handler.handle(event("bars-coord", OK, seq), null);
            advance(gap);
            handler.reevaluate();
        }
        assertThat(scaleOf("ibkr")).isEqualTo(scale);
    }

    @Test
    void duplicateWebhookIdChangesNothing() {
        FeedbackHandler handler = handler(StepPolicy.DEFAULT);
        handler.handle(event("bars-coord", SOFT, 1), "msg_1");

        FeedbackHandler.Result result = handler.handle(event("bars-coord", HARD, 2), "msg_1");

        assertThat(result.outcome()).isEqualTo(FeedbackOutcome.DUPLICATE);
        assertThat(scaleOf("ibkr")).isEqualTo(0.5);
    }

    @Test
    void repeatedSeqIsADuplicateAndOlderSeqIsStale() {
        FeedbackHandler handler = handler(StepPolicy.DEFAULT);
        assertThat(handler.handle(event("bars-coord", SOFT, 5), null).outcome()).isEqualTo(FeedbackOutcome.APPLIED);

        assertThat(handler.handle(event("bars-coord", HARD, 5), null).outcome()).isEqualTo(FeedbackOutcome.DUPLICATE);
        assertThat(handler.handle(event("bars-coord", OK, 4), null).outcome()).isEqualTo(FeedbackOutcome.STALE);
        assertThat(scaleOf("ibkr")).isEqualTo(0.5);
        assertThat(handler.snapshot().coordinators().get(0).seq()).isEqualTo(5);
    }

    @Test
    void seqIsOrderedPerCoordinator() {
        FeedbackHandler handler = stepHandlerThatHeard(event("bars-coord", OK, 100));

        assertThat(handler.handle(event("options-coord", SOFT, 1), null).outcome())
                .isEqualTo(FeedbackOutcome.APPLIED);
    }

    @Test
    void restartedCoordinatorIsHeardAgainOnceItsLevelExpired() {
        FeedbackHandler handler = stepHandlerThatHeard(event("bars-coord", SOFT, 500));
        advance(STALE_AFTER.plusSeconds(1));

        assertThat(handler.handle(event("bars-coord", OK, 0), null).outcome()).isEqualTo(FeedbackOutcome.APPLIED);
        assertThat(scaleOf("ibkr")).isEqualTo(1.0);
    }

    @Test
    void coordinatorsBeyondTheCapAreAggregatedUnderOneId() {
        FeedbackHandler handler = handler(StepPolicy.DEFAULT, 2);
        handler.handle(event("a", OK, 1), null);
        handler.handle(event("b", OK, 1), null);

        FeedbackHandler.Result result = handler.handle(event("c", HARD, 1), null);

        assertThat(result.coordinatorTag()).isEqualTo(FeedbackHandler.OVERFLOW_ID);
        assertThat(scaleOf("ibkr")).as("the aggregated level still counts").isEqualTo(0.0);
        assertThat(handler.snapshot().coordinators())
                .extracting(CoordinatorSnapshot::coordinatorId)
                .containsExactly(FeedbackHandler.OVERFLOW_ID, "a", "b");
    }

    @Test
    void newCoordinatorReplacesAnExpiredOneWhenAtTheCap() {
        FeedbackHandler handler = handler(StepPolicy.DEFAULT, 2);
        handler.handle(event("a", OK, 1), null);
        advance(STALE_AFTER.plusSeconds(1));
        handler.handle(event("b", OK, 1), null);

        FeedbackHandler.Result result = handler.handle(event("c", OK, 1), null);

        assertThat(result.coordinatorTag()).isEqualTo("c");
        assertThat(handler.snapshot().coordinators())
                .extracting(CoordinatorSnapshot::coordinatorId)
                .containsExactly("b", "c");
    }

    @Test
    void startsAtFullSpeedBeforeAnyFeedback() {
        FeedbackHandler handler = handler(StepPolicy.DEFAULT);
        handler.reevaluate();

        assertThat(handler.snapshot().scale()).isEqualTo(1.0);
        assertThat(scaleOf("ibkr")).isEqualTo(1.0);
    }

    @Test
    void refusesAHardFallbackThatWouldFreezeThePipeline() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new FeedbackHandler.Settings(STALE_AFTER, HARD, 32))
                .withMessageContaining("fallback");
    }
}

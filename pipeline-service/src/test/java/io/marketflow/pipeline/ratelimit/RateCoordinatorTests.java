package io.marketflow.pipeline.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class RateCoordinatorTests {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final RateCoordinator coordinator = new RateCoordinator(() -> time.now(TimeUnit.NANOSECONDS), time);

    @AfterEach
    void stopTime() {
        time.dispose();
    }

    /** capacity 10, 5 tokens per second, cooldown 30 s, breaker 3 failures / 20 s. */
    private void registerSmall() {
        coordinator.register("p", new ProviderLimits(10, 5, Duration.ofSeconds(30), 3, Duration.ofSeconds(20)));
    }

    /** Subscribes and returns the virtual time (ms) at completion, or -1 while still waiting. */
    private AtomicLong acquireAt(String provider, int tokens) {
        AtomicLong doneAt = new AtomicLong(-1);
        coordinator.acquire(provider, tokens).subscribe(null, null, () -> doneAt.set(time.now(TimeUnit.MILLISECONDS)));
        return doneAt;
    }

    private void drainBurst() {
        for (int i = 0; i < 10; i++) {
            assertThat(acquireAt("p", 1).get()).isZero();
        }
    }

    @Test
    void servesTheBurstAtOnceThenPacesAtTheRefillRate() {
        registerSmall();
        drainBurst();

        List<AtomicLong> next = List.of(acquireAt("p", 1), acquireAt("p", 1), acquireAt("p", 1));
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(next).extracting(AtomicLong::get).containsExactly(200L, 400L, 600L);
    }

    @Test
    void waitsWithStepVerifierInVirtualTime() {
        registerSmall();
        drainBurst();

        StepVerifier.withVirtualTime(() -> coordinator.acquire("p", 2), () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(399))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();
    }

    @Test
    void servesAcquirersFirstComeFirstServed() {
        registerSmall();
        drainBurst();
        List<String> order = new CopyOnWriteArrayList<>();

        coordinator.acquire("p", 5).subscribe(null, null, () -> order.add("big"));
        coordinator.acquire("p", 1).subscribe(null, null, () -> order.add("small"));
        time.advanceTimeBy(Duration.ofMillis(999));
        assertThat(order).isEmpty();

        time.advanceTimeBy(Duration.ofMillis(201));
        assertThat(order).containsExactly("big", "small");
    }

    @Test
    void scalesTheRefillRateButNotTheBaseOrCapacity() {
        registerSmall();
        drainBurst();

        coordinator.setBudgetScale("p", 0.5);
        AtomicLong doneAt = acquireAt("p", 1);
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(doneAt.get()).isEqualTo(400L);
        ProviderSnapshot snapshot = coordinator.snapshot("p");
        assertThat(snapshot.baseRate()).isEqualTo(5.0);
        assertThat(snapshot.scale()).isEqualTo(0.5);
        assertThat(snapshot.effectiveRate()).isEqualTo(2.5);
        assertThat(snapshot.capacity()).isEqualTo(10);
    }

    @Test
    void scaleChangeAppliesToAcquirersAlreadyWaiting() {
        registerSmall();
        drainBurst();
        coordinator.setBudgetScale("p", 0.1);
        AtomicLong doneAt = acquireAt("p", 1); // would take 2 s at 0.5 tokens/s

        time.advanceTimeBy(Duration.ofMillis(1000)); // earns 0.5 token
        coordinator.setBudgetScale("p", 1.0); // the other half takes 100 ms at 5 tokens/s
        time.advanceTimeBy(Duration.ofMillis(100));

        assertThat(doneAt.get()).isEqualTo(1100L);
    }

    @Test
    void scaleZeroPausesWithoutLosingWaitersAndResumesInOrder() {
        registerSmall();
        drainBurst();
        coordinator.setBudgetScale("p", 0.0);
        List<Integer> served = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            coordinator.acquire("p", 1).subscribe(null, null, () -> served.add(id));
        }

        time.advanceTimeBy(Duration.ofHours(1));
        assertThat(served).isEmpty();
        assertThat(coordinator.snapshot("p").waiting()).isEqualTo(3);

        coordinator.setBudgetScale("p", 1.0);
        time.advanceTimeBy(Duration.ofMillis(600));
        assertThat(served).containsExactly(0, 1, 2);
    }

    @Test
    void cooldownHoldsTheProviderBackForItsDuration() {
        registerSmall();
        coordinator.triggerCooldown("p");

        AtomicLong doneAt = acquireAt("p", 1);
        assertThat(coordinator.snapshot("p").cooldownRemaining()).isEqualTo(Duration.ofSeconds(30));
        time.advanceTimeBy(Duration.ofSeconds(31));

        assertThat(doneAt.get()).isEqualTo(30_000L);
        assertThat(coordinator.snapshot("p").cooldownRemaining()).isZero();
    }

    @Test
    void breakerOpensAfterThresholdConsecutiveFailures() {
        registerSmall();
        coordinator.recordFailure("p");
        coordinator.recordFailure("p");
        assertThat(coordinator.snapshot("p").breaker()).isEqualTo(BreakerState.CLOSED);

        coordinator.recordFailure("p");
        AtomicLong doneAt = acquireAt("p", 1);
        assertThat(coordinator.snapshot("p").breaker()).isEqualTo(BreakerState.OPEN);
        time.advanceTimeBy(Duration.ofSeconds(21));

        assertThat(doneAt.get()).isEqualTo(20_000L);
        assertThat(coordinator.snapshot("p").breaker()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void successBetweenFailuresKeepsTheBreakerClosed() {
        registerSmall();
        coordinator.recordFailure("p");
        coordinator.recordFailure("p");
        coordinator.recordSuccess("p");
        coordinator.recordFailure("p");
        coordinator.recordFailure("p");

        assertThat(coordinator.snapshot("p").breaker()).isEqualTo(BreakerState.CLOSED);
        assertThat(acquireAt("p", 1).get()).isZero();
    }

    @Test
    void halfOpenBreakerReopensOnOneFailureAndClosesOnSuccess() {
        registerSmall();
        for (int i = 0; i < 3; i++) {
            coordinator.recordFailure("p");
        }
        time.advanceTimeBy(Duration.ofSeconds(20));

        coordinator.recordFailure("p");
        assertThat(coordinator.snapshot("p").breaker()).isEqualTo(BreakerState.OPEN);

        time.advanceTimeBy(Duration.ofSeconds(20));
        coordinator.recordSuccess("p");
        assertThat(coordinator.snapshot("p").breaker()).isEqualTo(BreakerState.CLOSED);
        assertThat(coordinator.snapshot("p").consecutiveFailures()).isZero();
    }

    @Test
    void whenOpenWaitsOutTheBreakerWithoutTakingTokens() {
        registerSmall();
        for (int i = 0; i < 3; i++) {
            coordinator.recordFailure("p");
        }

        StepVerifier.withVirtualTime(() -> coordinator.whenOpen("p"), () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(20))
                .verifyComplete();
        assertThat(coordinator.snapshot("p").tokens()).isCloseTo(10, within(1e-9));
    }

    @Test
    void cancelledAcquirerGivesUpItsPlace() {
        registerSmall();
        drainBurst();
        Disposable big = coordinator.acquire("p", 10).subscribe();
        AtomicLong small = acquireAt("p", 1);

        big.dispose();
        time.advanceTimeBy(Duration.ofMillis(200));

        assertThat(small.get()).isEqualTo(200L);
    }

    @Test
    void recordsPressureForStatus() {
        registerSmall();
        coordinator.setGlobalPressure("p", BackpressureLevel.HARD);

        assertThat(coordinator.snapshot("p").pressure()).isEqualTo(BackpressureLevel.HARD);
    }

    @Test
    void rejectsRequestsThatCanNeverBeServed() {
        registerSmall();

        StepVerifier.create(coordinator.acquire("p", 11)).verifyError(IllegalArgumentException.class);
        StepVerifier.create(coordinator.acquire("nope", 1)).verifyError(IllegalArgumentException.class);
        assertThatIllegalArgumentException().isThrownBy(() -> coordinator.setBudgetScale("p", 1.5));
        assertThatIllegalArgumentException().isThrownBy(() -> coordinator.setBudgetScale("p", Double.NaN));
        assertThatIllegalStateException().isThrownBy(this::registerSmall);
    }

    @Test
    void keepsProvidersIndependent() {
        registerSmall();
        coordinator.register("q", new ProviderLimits(1, 1, Duration.ZERO, 1, Duration.ofSeconds(5)));
        coordinator.setBudgetScale("q", 0.0);
        coordinator.recordFailure("q");

        assertThat(acquireAt("p", 1).get()).isZero();
        assertThat(coordinator.providers()).containsExactlyInAnyOrder("p", "q");
    }
}

package io.marketflow.store.coordinator;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's view of a Resilience4j circuit breaker set up for "N consecutive failures": a count-based
 * window of N calls that opens only when all N failed (failure rate 100 %), one probe in half-open, and no
 * slow-call rule. Data errors are recorded as successes: the database answered.
 *
 * <p>Resilience4j moves from open to half-open only when someone asks for a permission after the wait, so
 * waiting workers ask once the wait is over by the breaker's clock (injected, so tests can move it), and
 * re-check at least every {@link #POLL} in case that clock is moved by hand.
 */
final class Breaker {

    static final Duration POLL = Duration.ofMillis(100);

    private final CircuitBreaker circuitBreaker;
    private final Clock clock;
    private final Duration halfOpenAfter;
    private final StopSignal stop;
    private final CoordinatorListener listener;
    private volatile Instant openedAt = Instant.MIN;
    private String reported = "closed";

    Breaker(
            String name,
            CoordinatorConfig.BreakerSettings settings,
            Clock clock,
            StopSignal stop,
            CoordinatorListener listener) {
        this.clock = clock;
        this.halfOpenAfter = settings.halfOpenAfter();
        this.stop = stop;
        int threshold = settings.failureThreshold();
        this.circuitBreaker = CircuitBreaker.of(
                name,
                CircuitBreakerConfig.custom()
                        .slidingWindow(threshold, threshold, SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(100)
                        .slowCallRateThreshold(100)
                        .slowCallDurationThreshold(Duration.ofDays(3650))
                        .waitDurationInOpenState(settings.halfOpenAfter())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .clock(clock)
                        .build());
        this.listener = listener;
        circuitBreaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = clock.instant();
            }
            stop.wakeAll();
            reportState();
        });
    }

    // Resilience4j publishes transitions on the threads that cause them, so two can arrive out of order.
    // Reporting "last reported -> current" keeps the listener's sequence consistent and ending on the truth.
    private synchronized void reportState() {
        String now = state();
        if (!now.equals(reported)) {
            String from = reported;
            reported = now;
            listener.onCircuitStateChange(from, now);
        }
    }

    CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    String state() {
        return wireName(circuitBreaker.getState());
    }

    boolean closed() {
        return circuitBreaker.getState() == CircuitBreaker.State.CLOSED;
    }

    /** A permission for one write; every {@code true} must be answered by a record or {@link #release}. */
    boolean tryAcquire() {
        return circuitBreaker.tryAcquirePermission();
    }

    void release() {
        circuitBreaker.releasePermission();
    }

    void succeeded(long nanos) {
        circuitBreaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    void failed(long nanos, Throwable error) {
        circuitBreaker.onError(nanos, TimeUnit.NANOSECONDS, error);
    }

    /**
     * Waits until a write may be attempted and takes the permission for it; {@code false} once shutdown
     * abandoned the work.
     */
    boolean awaitPermission() {
        while (!stop.abandoned()) {
            if (!probeDue()) {
                stop.pause(untilProbe());
                continue;
            }
            if (circuitBreaker.tryAcquirePermission()) {
                return true;
            }
            // Half-open with another worker's probe in flight: its outcome wakes us.
            stop.pause(POLL);
        }
        return false;
    }

    /** Not open, or open for long enough (by the breaker's clock) that a probe may go through. */
    boolean probeDue() {
        return circuitBreaker.getState() != CircuitBreaker.State.OPEN
                || !clock.instant().isBefore(openedAt.plus(halfOpenAfter));
    }

    Duration untilProbe() {
        Duration left = Duration.between(clock.instant(), openedAt.plus(halfOpenAfter));
        return left.isNegative() ? Duration.ZERO : (left.compareTo(POLL) < 0 ? left : POLL);
    }

    private static String wireName(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}

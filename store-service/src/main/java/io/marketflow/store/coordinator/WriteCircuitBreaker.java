package io.marketflow.store.coordinator;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.marketflow.contracts.time.NanoTimeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The coordinator's view of a Resilience4j circuit breaker set up for "N consecutive failures": a count-based
 * window of N calls that opens only when all N failed (failure rate 100 %), one probe in half-open, and no
 * slow-call rule. Data errors are recorded as successes: the database answered.
 *
 * <p>Resilience4j moves from open to half-open only when someone asks for a permission after the wait, so
 * waiting workers ask once the wait is over by the coordinator's nano-time source (injected, so tests can move
 * it), and re-check at least every {@link StopSignal#POLL} in case that source is moved by hand. Resilience4j
 * reads the same source, through a {@link Clock} view of it.
 */
final class WriteCircuitBreaker {

    private final CircuitBreaker circuitBreaker;
    private final LongSupplier nanoTime;
    private final long halfOpenAfterNanos;
    private final StopSignal stop;
    private final CoordinatorListener listener;
    private volatile long openedAt;
    private CircuitState reported = CircuitState.CLOSED;

    WriteCircuitBreaker(
            String name,
            CoordinatorConfig.BreakerSettings settings,
            LongSupplier nanoTime,
            StopSignal stop,
            CoordinatorListener listener) {
        this.nanoTime = nanoTime;
        this.halfOpenAfterNanos = settings.halfOpenAfter().toNanos();
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
                        .clock(new NanoTimeClock(Instant.EPOCH, nanoTime))
                        .build());
        this.listener = listener;
        circuitBreaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = nanoTime.getAsLong();
            }
            stop.wakeAll();
            reportState();
        });
    }

    // Resilience4j publishes transitions on the threads that cause them, so two can arrive out of order.
    // Reporting "last reported -> current" keeps the listener's sequence consistent and ending on the truth.
    private synchronized void reportState() {
        CircuitState now = state();
        if (now != reported) {
            CircuitState from = reported;
            reported = now;
            listener.onCircuitStateChange(from, now);
        }
    }

    CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    CircuitState state() {
        return switch (circuitBreaker.getState()) {
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            // DISABLED and METRICS_ONLY let every call through; this breaker is never put there.
            case CLOSED, DISABLED, METRICS_ONLY -> CircuitState.CLOSED;
        };
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
            // Read before looking at the state, so a transition between the look and the pause ends the pause.
            long seen = stop.generation();
            if (!probeDue()) {
                stop.pauseSince(seen, untilProbe());
                continue;
            }
            if (circuitBreaker.tryAcquirePermission()) {
                return true;
            }
            // Half-open with another worker's probe in flight: its outcome wakes us.
            stop.pauseSince(seen, StopSignal.POLL);
        }
        return false;
    }

    /** Not open, or open for long enough (by the nano-time source) that a probe may go through. */
    boolean probeDue() {
        return circuitBreaker.getState() != CircuitBreaker.State.OPEN || untilProbeNanos() <= 0;
    }

    /** How long until a probe is due, at most one {@link StopSignal#POLL}. */
    Duration untilProbe() {
        return Duration.ofNanos(Math.max(0, Math.min(untilProbeNanos(), StopSignal.POLL.toNanos())));
    }

    private long untilProbeNanos() {
        return openedAt + halfOpenAfterNanos - nanoTime.getAsLong();
    }
}

package io.marketflow.pipeline.ratelimit;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The rate state of one provider and the queue of acquirers waiting for it. Acquirers are served strictly in
 * arrival order by a single drain loop (a work-in-progress counter, no lock); a waiter that cannot be served
 * yet parks the loop behind one timer on the scheduler, or behind nothing at all while the scale is 0, in
 * which case {@link #update} restarts it.
 */
final class ProviderLimiter {

    private record State(
            TokenBucket bucket,
            double scale,
            BackpressureLevel pressure,
            ProviderCircuit breaker,
            long cooldownUntilNanos,
            boolean coolingDown) {

        long nanosUntilOpen(long now) {
            long cooldown = coolingDown ? Math.max(0, cooldownUntilNanos - now) : 0;
            return Math.max(cooldown, breaker.nanosUntilClosed(now));
        }

        State withScale(double next, TokenBucket rescaled) {
            return new State(rescaled, next, pressure, breaker, cooldownUntilNanos, coolingDown);
        }

        State withPressure(BackpressureLevel next) {
            return new State(bucket, scale, next, breaker, cooldownUntilNanos, coolingDown);
        }

        State withBreaker(ProviderCircuit next) {
            return new State(bucket, scale, pressure, next, cooldownUntilNanos, coolingDown);
        }

        State withCooldownUntil(long untilNanos) {
            return new State(bucket, scale, pressure, breaker, untilNanos, true);
        }

        /** Taking tokens after a cooldown has run out also forgets the cooldown. */
        State taking(TokenBucket after) {
            return new State(after, scale, pressure, breaker, cooldownUntilNanos, false);
        }
    }

    private static final class Waiter {
        final int tokens;
        final MonoSink<Void> sink;
        volatile boolean cancelled;

        Waiter(int tokens, MonoSink<Void> sink) {
            this.tokens = tokens;
            this.sink = sink;
        }
    }

    private final String name;
    private final ProviderLimits limits;
    private final LongSupplier nanoTime;
    private final Scheduler scheduler;
    private final AtomicReference<State> state;
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicReference<Disposable> wakeUp = new AtomicReference<>();

    ProviderLimiter(String name, ProviderLimits limits, LongSupplier nanoTime, Scheduler scheduler) {
        this.name = name;
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.scheduler = scheduler;
        TokenBucket bucket = TokenBucket.full(limits.capacity(), limits.refillRate(), nanoTime.getAsLong());
        this.state =
                new AtomicReference<>(new State(bucket, 1.0, BackpressureLevel.OK, ProviderCircuit.CLOSED, 0, false));
    }

    Mono<Void> acquire(int tokens) {
        if (tokens < 1 || tokens > limits.capacity()) {
            return Mono.error(new IllegalArgumentException(
                    "can only acquire 1.." + limits.capacity() + " tokens from " + name + ", asked for " + tokens));
        }
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(tokens, sink);
            sink.onCancel(() -> {
                waiter.cancelled = true;
                drain();
            });
            waiters.offer(waiter);
            drain();
        });
    }

    /** Completes once neither the breaker nor a cooldown holds the provider back; takes no tokens. */
    Mono<Void> whenOpen() {
        return Mono.defer(() -> {
            long wait = state.get().nanosUntilOpen(nanoTime.getAsLong());
            return wait == 0
                    ? Mono.<Void>empty()
                    : Mono.delay(Duration.ofNanos(wait), scheduler).then(whenOpen());
        });
    }

    void recordFailure() {
        long now = nanoTime.getAsLong();
        long timeout = limits.breakerTimeout().toNanos();
        update(s -> s.withBreaker(s.breaker.onFailure(now, limits.breakerThreshold(), timeout)));
    }

    void recordSuccess() {
        if (state.get().breaker.equals(ProviderCircuit.CLOSED)) {
            return;
        }
        update(s -> s.withBreaker(s.breaker.onSuccess()));
    }

    void triggerCooldown() {
        long until = nanoTime.getAsLong() + limits.cooldown().toNanos();
        update(s -> s.withCooldownUntil(until));
    }

    void setScale(double scale) {
        long now = nanoTime.getAsLong();
        update(s -> s.withScale(scale, s.bucket.withRate(limits.refillRate() * scale, now)));
    }

    double baseRate() {
        return limits.refillRate();
    }

    void setPressure(BackpressureLevel level) {
        state.updateAndGet(s -> s.withPressure(level));
    }

    ProviderSnapshot snapshot() {
        long now = nanoTime.getAsLong();
        State s = state.get();
        long cooldown = s.coolingDown ? Math.max(0, s.cooldownUntilNanos - now) : 0;
        return new ProviderSnapshot(
                name,
                limits.capacity(),
                limits.refillRate(),
                s.scale,
                limits.refillRate() * s.scale,
                s.bucket.refill(now).tokens(),
                s.pressure,
                s.breaker.state(now),
                s.breaker.consecutiveFailures(),
                Duration.ofNanos(cooldown),
                (int) waiters.stream().filter(w -> !w.cancelled).count());
    }

    /**
     * Applies a change and lets the waiters re-check it on the scheduler, not on the caller's thread: the
     * caller may be a web request, and a released acquirer runs its downstream work where it is released.
     */
    private void update(UnaryOperator<State> change) {
        state.updateAndGet(change);
        if (!waiters.isEmpty()) {
            scheduler.schedule(this::drain);
        }
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Waiter head;
            while ((head = waiters.peek()) != null) {
                if (head.cancelled) {
                    waiters.poll();
                    continue;
                }
                long wait = tryTake(head.tokens);
                if (wait > 0) {
                    scheduleWakeUp(wait);
                    break;
                }
                waiters.poll();
                head.sink.success();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Takes the tokens and returns 0, or returns the nanoseconds to wait (Long.MAX_VALUE: until a change). */
    private long tryTake(int tokens) {
        while (true) {
            long now = nanoTime.getAsLong();
            State s = state.get();
            long closed = s.nanosUntilOpen(now);
            if (closed > 0) {
                return closed;
            }
            TokenBucket bucket = s.bucket.refill(now);
            if (!bucket.has(tokens)) {
                return bucket.nanosUntil(tokens);
            }
            State next = s.taking(bucket.take(tokens));
            if (state.compareAndSet(s, next)) {
                return 0;
            }
        }
    }

    private void scheduleWakeUp(long nanos) {
        Disposable next = nanos == Long.MAX_VALUE ? null : scheduler.schedule(this::drain, nanos, TimeUnit.NANOSECONDS);
        Disposable previous = wakeUp.getAndSet(next);
        if (previous != null) {
            previous.dispose();
        }
    }
}

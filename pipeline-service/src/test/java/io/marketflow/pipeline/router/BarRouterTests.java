package io.marketflow.pipeline.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import io.marketflow.pipeline.ratelimit.BreakerState;
import io.marketflow.pipeline.ratelimit.ProviderLimits;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

class BarRouterTests {

    private static final Instant START = Instant.parse("2025-10-15T14:30:00Z");

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final RateCoordinator rates = new RateCoordinator(() -> time.now(TimeUnit.NANOSECONDS), time);
    private final FakeStoreClient store = new FakeStoreClient();
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final ParkingLot parked = new ParkingLot();
    private final BarRouter router = new BarRouter(
            rates,
            store,
            new RouterSettings(10, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(8)),
            time,
            new DeliveryListener() {
                @Override
                public void accepted(String provider, int bars) {
                    count("accepted", bars);
                }

                @Override
                public void rejected(String provider, int bars) {
                    count("rejected", bars);
                }

                @Override
                public void deadLettered(String provider, int bars) {
                    count("dead-lettered", bars);
                }

                @Override
                public void throttled(String provider, int status) {
                    count("throttled " + status, 1);
                }
            },
            parked);

    /** Adds {@code n} to what the listener heard of {@code outcome}. */
    private void count(String outcome, int n) {
        delivered.computeIfAbsent(outcome, k -> new AtomicInteger()).addAndGet(n);
    }

    /** Records what is parked; fails the next {@code failures} attempts first. */
    static final class ParkingLot implements DeadLetters {
        final List<List<Bar>> records = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public Mono<Void> park(String provider, List<Bar> bars, String error, int attempts) {
            return Mono.defer(() -> {
                if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return Mono.error(new java.io.IOException("No space left on device"));
                }
                records.add(List.copyOf(bars));
                errors.add(error);
                return Mono.empty();
            });
        }
    }

    BarRouterTests() {
        rates.register("p", new ProviderLimits(1000, 1000, Duration.ofSeconds(30), 3, Duration.ofSeconds(20)));
    }

    @AfterEach
    void stopTime() {
        time.dispose();
    }

    /** Answers each request with the next scripted result, then with Accepted; records every request. */
    static final class FakeStoreClient implements StoreClient {
        final List<Function<List<Bar>, Mono<SendResult>>> script = Collections.synchronizedList(new ArrayList<>());
        final List<List<Bar>> requests = new CopyOnWriteArrayList<>();
        final List<Long> requestTimesMs = new CopyOnWriteArrayList<>();
        VirtualTimeScheduler time;

        FakeStoreClient then(SendResult result) {
            script.add(batch -> Mono.just(result));
            return this;
        }

        @Override
        public Mono<SendResult> send(List<Bar> batch) {
            return Mono.defer(() -> {
                requests.add(List.copyOf(batch));
                requestTimesMs.add(time == null ? -1 : time.now(TimeUnit.MILLISECONDS));
                return script.isEmpty()
                        ? Mono.just(new SendResult.Accepted())
                        : script.remove(0).apply(batch);
            });
        }
    }

    private static List<Bar> bars(int n) {
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bars.add(Bar.of("AAPL", "1m", START.plusSeconds(60L * i), 10, 11, 9, 10.5, i));
        }
        return bars;
    }

    private List<List<Bar>> run(Flux<Bar> bars, Duration advance) {
        store.time = time;
        List<List<Bar>> accepted = new CopyOnWriteArrayList<>();
        router.route("p", bars).subscribe(accepted::add);
        time.advanceTimeBy(advance);
        return accepted;
    }

    private static List<Bar> flatten(List<List<Bar>> batches) {
        return batches.stream().flatMap(List::stream).toList();
    }

    @Test
    void sendsFullBatchesAndFlushesTheRestAfterTheLinger() {
        List<List<Bar>> accepted = run(Flux.fromIterable(bars(25)), Duration.ofSeconds(1));

        assertThat(accepted).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(flatten(accepted)).isEqualTo(bars(25));
        assertThat(delivered.get("accepted")).hasValue(25);
    }

    @Test
    void honoursRetryAfterAndResendsTheSameBatchUntilAccepted() {
        store.then(new SendResult.Throttled(429, Optional.of(Duration.ofSeconds(3))))
                .then(new SendResult.Throttled(503, Optional.of(Duration.ofSeconds(2))));

        List<List<Bar>> accepted = run(Flux.fromIterable(bars(10)), Duration.ofSeconds(10));

        assertThat(store.requestTimesMs).containsExactly(0L, 3000L, 5000L);
        assertThat(store.requests).allSatisfy(batch -> assertThat(batch).isEqualTo(bars(10)));
        assertThat(flatten(accepted)).isEqualTo(bars(10));
        assertThat(rates.snapshot("p").consecutiveFailures())
                .as("reset by the success")
                .isZero();
        assertThat(delivered)
                .as("each refusal told once, by status")
                .containsOnlyKeys("throttled 429", "throttled 503", "accepted");
        assertThat(delivered.get("throttled 429")).hasValue(1);
        assertThat(delivered.get("throttled 503")).hasValue(1);
    }

    @Test
    void usesTheBackoffWhenThrottledWithoutRetryAfter() {
        store.then(new SendResult.Throttled(429, Optional.empty()));

        run(Flux.fromIterable(bars(10)), Duration.ofSeconds(10));

        assertThat(store.requestTimesMs).containsExactly(0L, 1000L);
    }

    @Test
    void backsOffExponentiallyAndThroughTheBreakerOnFailures() {
        for (int i = 0; i < 4; i++) {
            store.then(new SendResult.Failed("connection refused"));
        }

        List<List<Bar>> accepted = run(Flux.fromIterable(bars(10)), Duration.ofMinutes(2));

        // Backoffs 1 s and 2 s; the third failure opens the breaker for 20 s (outlasting the 4 s backoff);
        // the fourth, in half-open, opens it again.
        assertThat(store.requestTimesMs).containsExactly(0L, 1000L, 3000L, 23000L, 43000L);
        assertThat(flatten(accepted)).isEqualTo(bars(10));
        assertThat(rates.snapshot("p").breaker()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void openBreakerAlsoHoldsBackNewBars() {
        for (int i = 0; i < 3; i++) {
            store.then(new SendResult.Failed("connection refused"));
        }
        run(Flux.fromIterable(bars(10)), Duration.ofSeconds(4));
        assertThat(rates.snapshot("p").breaker()).isEqualTo(BreakerState.OPEN);

        AtomicLong acquiredAt = new AtomicLong(-1);
        rates.acquire("p", 1).subscribe(null, null, () -> acquiredAt.set(time.now(TimeUnit.MILLISECONDS)));
        time.advanceTimeBy(Duration.ofSeconds(30));

        assertThat(acquiredAt).hasValue(23000L);
    }

    @Test
    void splitsABatchTheStoreFindsTooLarge() {
        store.then(new SendResult.TooLarge());

        List<List<Bar>> accepted = run(Flux.fromIterable(bars(10)), Duration.ofSeconds(1));

        assertThat(accepted).extracting(List::size).containsExactly(5, 5);
        assertThat(flatten(accepted)).isEqualTo(bars(10));
    }

    @Test
    void parksASingleBarTheStoreFindsTooLarge() {
        store.then(new SendResult.TooLarge()).then(new SendResult.TooLarge());

        List<List<Bar>> accepted = run(Flux.fromIterable(bars(2)), Duration.ofSeconds(1));

        assertThat(flatten(accepted)).isEqualTo(bars(2).subList(1, 2));
        assertThat(parked.records).containsExactly(bars(2).subList(0, 1));
        assertThat(parked.errors).singleElement().asString().startsWith("413 ");
    }

    @Test
    void parksABatchTheStoreRefusesForGoodAndCarriesOn() {
        store.then(new SendResult.Rejected(400, "high must be >= max(open, close)"));

        List<List<Bar>> accepted = run(Flux.fromIterable(bars(20)), Duration.ofSeconds(1));

        assertThat(flatten(accepted)).isEqualTo(bars(20).subList(10, 20));
        assertThat(parked.records).containsExactly(bars(20).subList(0, 10));
        assertThat(parked.errors).containsExactly("400 high must be >= max(open, close)");
        assertThat(delivered.get("rejected")).hasValue(10);
        assertThat(delivered.get("dead-lettered")).hasValue(10);
    }

    @Test
    void parksOnlyTheBarsTheStoreNamedAndResendsTheRest() {
        store.then(new SendResult.Rejected(400, "ts too far ahead", Set.of(2, 7)));

        List<List<Bar>> accepted = run(Flux.fromIterable(bars(10)), Duration.ofSeconds(1));

        List<Bar> all = bars(10);
        assertThat(parked.records).containsExactly(List.of(all.get(2), all.get(7)));
        List<Bar> rest = new ArrayList<>(all);
        rest.remove(7);
        rest.remove(2);
        assertThat(flatten(accepted)).isEqualTo(rest);
        assertThat(store.requests).hasSize(2);
        assertThat(store.requests.get(1)).hasSize(8);
        assertThat(delivered.get("dead-lettered")).hasValue(2);
        assertThat(delivered.get("accepted")).hasValue(8);
    }

    @Test
    void keepsRefusedBarsAndTriesAgainWhileTheyCannotBeParked() {
        store.then(new SendResult.Rejected(400, "bad"))
                .then(new SendResult.Rejected(400, "bad"))
                .then(new SendResult.Rejected(400, "bad"));
        parked.failures.set(2);

        List<List<Bar>> accepted = run(Flux.fromIterable(bars(10)), Duration.ofSeconds(1));

        assertThat(parked.records).isEmpty();
        assertThat(delivered).doesNotContainKey("dead-lettered");
        assertThat(accepted).isEmpty();

        time.advanceTimeBy(Duration.ofSeconds(10));

        assertThat(parked.records).containsExactly(bars(10));
        assertThat(store.requests)
                .hasSize(3)
                .allSatisfy(batch -> assertThat(batch).isEqualTo(bars(10)));
        assertThat(delivered.get("dead-lettered")).hasValue(10);
    }

    @Test
    void stopsPullingFromTheProviderWhileTheStoreStalls() {
        Sinks.One<SendResult> stalled = Sinks.one();
        store.script.add(batch -> stalled.asMono());
        AtomicLong pulled = new AtomicLong();
        Flux<Bar> endless = Flux.<Bar, Long>generate(() -> 0L, (i, sink) -> {
                    sink.next(Bar.of("AAPL", "1m", START.plusSeconds(60 * i), 10, 11, 9, 10.5, 1));
                    return i + 1;
                })
                .doOnNext(bar -> pulled.incrementAndGet());

        List<List<Bar>> accepted = run(endless.take(1000), Duration.ofMinutes(10));

        assertThat(store.requests).hasSize(1);
        // One batch in flight, up to four more queued by bufferTimeout (its prefetch), one waiting for a token.
        assertThat(pulled.get()).as("bars pulled while the first batch hangs").isLessThanOrEqualTo(5 * 10 + 1);

        stalled.tryEmitValue(new SendResult.Accepted());
        time.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(flatten(accepted)).hasSize(1000);
        assertThat(flatten(accepted).stream().map(Bar::ts).distinct().count()).isEqualTo(1000);
    }

    @Test
    void sendsNothingWhileTheScaleIsZeroAndResumesWhenItRises() {
        rates.setBudgetScale("p", 0.0);
        // Drain the burst so the pause bites.
        List<List<Bar>> accepted = run(Flux.fromIterable(bars(1010)), Duration.ofMinutes(10));
        int beforeResume = flatten(accepted).size();

        rates.setBudgetScale("p", 1.0);
        time.advanceTimeBy(Duration.ofSeconds(5));

        assertThat(beforeResume).isEqualTo(1000);
        assertThat(flatten(accepted)).isEqualTo(bars(1010));
    }
}

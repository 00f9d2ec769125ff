package io.marketflow.pipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.Bar;
import io.marketflow.pipeline.ratelimit.ProviderLimits;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The router and the WebClient store client against a real HTTP server standing in for the store. */
class WebClientStoreClientTests {

    private static final Instant START = Instant.parse("2025-10-15T14:30:00Z");

    private final FakeStore store = new FakeStore();
    private final RateCoordinator rates = RateCoordinator.systemDefault();
    private final List<Disposable> running = new ArrayList<>();

    WebClientStoreClientTests() {
        rates.register("p", new ProviderLimits(10_000, 10_000, Duration.ofSeconds(1), 5, Duration.ofSeconds(1)));
    }

    @AfterEach
    void close() {
        running.forEach(Disposable::dispose);
        store.close();
    }

    private static WebClientStoreClient client(String url) {
        return client(url, Duration.ofSeconds(5));
    }

    private static WebClientStoreClient client(String url, Duration timeout) {
        return new WebClientStoreClient(WebClient.builder().baseUrl(url).build(), timeout, Clock.systemUTC());
    }

    private BarRouter router(int batchSize) {
        return router(batchSize, client(store.url()));
    }

    private BarRouter router(int batchSize, WebClientStoreClient client) {
        return new BarRouter(
                rates,
                client,
                new RouterSettings(batchSize, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(200)),
                Schedulers.parallel(),
                DeliveryListener.NONE,
                (provider, bars, error, attempts) -> Mono.error(new AssertionError("nothing is refused here")));
    }

    private static List<Bar> bars(int n) {
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bars.add(Bar.of(i % 2 == 0 ? "AAPL" : "MSFT", "1m", START.plusSeconds(60L * (i / 2)), 10, 11, 9, 10.5, i));
        }
        return bars;
    }

    @Test
    void postsAJsonArrayWithAckQueuedAndReadsAcceptance() {
        StepVerifier.create(client(store.url()).send(bars(3)))
                .expectNext(new SendResult.Accepted())
                .verifyComplete();

        assertThat(store.queries()).containsExactly("/ingest?ack=queued");
        assertThat(store.accepted()).isEqualTo(bars(3));
    }

    @Test
    void classifiesTheStoresAnswers() {
        store.then(FakeStore.Reply.throttled(429, "7"))
                .then(FakeStore.Reply.status(503))
                .then(FakeStore.Reply.status(413))
                .then(FakeStore.Reply.status(400))
                .then(FakeStore.Reply.status(500))
                .then(FakeStore.Reply.status(401));
        WebClientStoreClient client = client(store.url());

        assertThat(client.send(bars(1)).block())
                .isEqualTo(new SendResult.Throttled(429, Optional.of(Duration.ofSeconds(7))));
        assertThat(client.send(bars(1)).block()).isEqualTo(new SendResult.Throttled(503, Optional.empty()));
        assertThat(client.send(bars(1)).block()).isEqualTo(new SendResult.TooLarge());
        assertThat(client.send(bars(1)).block()).isInstanceOf(SendResult.Rejected.class);
        assertThat(client.send(bars(1)).block()).isInstanceOf(SendResult.Failed.class);
        assertThat(client.send(bars(1)).block()).isInstanceOf(SendResult.Failed.class);
    }

    @Test
    void reportsARefusedConnectionAsFailed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThat(client("http://127.0.0.1:" + closedPort).send(bars(1)).block())
                .isInstanceOf(SendResult.Failed.class);
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2025-10-15T14:30:00Z"), ZoneOffset.UTC);
        WebClientStoreClient client = new WebClientStoreClient(WebClient.create(), Duration.ofSeconds(1), clock);
        HttpHeaders headers = new HttpHeaders();

        headers.set(HttpHeaders.RETRY_AFTER, "Wed, 15 Oct 2025 14:30:12 GMT");
        assertThat(client.retryAfter(headers)).contains(Duration.ofSeconds(12));
        headers.set(HttpHeaders.RETRY_AFTER, "3");
        assertThat(client.retryAfter(headers)).contains(Duration.ofSeconds(3));
        headers.set(HttpHeaders.RETRY_AFTER, "soon");
        assertThat(client.retryAfter(headers)).isEmpty();
    }

    @Test
    void honoursRetryAfterAndRetriesUntilAcceptedWithNothingLostOrDuplicated() {
        store.then(FakeStore.Reply.throttled(429, "1")).then(FakeStore.Reply.throttled(503, "1"));
        List<Bar> sent = bars(95);

        StepVerifier.create(router(10).route("p", Flux.fromIterable(sent)))
                .expectNextCount(10)
                .expectComplete()
                .verify(Duration.ofSeconds(20));

        assertThat(store.requests()).isEqualTo(12);
        long waited = store.requestNanos().get(1) - store.replyNanos().get(0);
        assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(store.accepted()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(store.acceptedPerKey())
                .hasSize(95)
                .allSatisfy((key, count) -> assertThat(count).hasValue(1));
        assertThat(rates.snapshot("p").consecutiveFailures()).isZero();
    }

    @Test
    void stopsPullingFromTheProviderWhileTheStoreStallsThenDeliversEverything() {
        Sinks.Empty<Void> release = Sinks.empty();
        store.then(FakeStore.Reply.held(release.asMono()));
        AtomicLong pulled = new AtomicLong();
        Flux<Bar> provider = Flux.fromIterable(bars(500)).doOnNext(bar -> pulled.incrementAndGet());
        AtomicInteger acceptedBatches = new AtomicInteger();

        // A held request that outlived the client's timeout would be re-sent (at least once, by design) and then
        // counted twice when released; on a loaded machine the waits below can outlast 5 s, so allow a minute.
        WebClientStoreClient patient = client(store.url(), Duration.ofSeconds(60));
        running.add(router(10, patient).route("p", provider).subscribe(batch -> acceptedBatches.incrementAndGet()));

        await().atMost(5, TimeUnit.SECONDS).until(() -> store.requests() == 1);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> store.requests() == 1 && pulled.get() <= 5 * 10 + 1);

        release.tryEmitEmpty();
        await().atMost(20, TimeUnit.SECONDS).until(() -> acceptedBatches.get() == 50);
        assertThat(store.accepted()).hasSize(500);
        assertThat(store.acceptedPerKey()).hasSize(500);
    }
}

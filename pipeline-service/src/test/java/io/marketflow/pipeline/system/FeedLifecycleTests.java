package io.marketflow.pipeline.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.Bar;
import io.marketflow.pipeline.provider.BarProvider;
import io.marketflow.pipeline.provider.SyntheticProvider;
import io.marketflow.pipeline.ratelimit.ProviderLimits;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import io.marketflow.pipeline.router.BarRouter;
import io.marketflow.pipeline.router.DeliveryListener;
import io.marketflow.pipeline.router.RouterSettings;
import io.marketflow.pipeline.router.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class FeedLifecycleTests {

    private final RateCoordinator rates = RateCoordinator.systemDefault();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();

    private FeedLifecycle feed(List<BarProvider> providers) {
        BarRouter router = new BarRouter(
                rates,
                batch -> {
                    requests.incrementAndGet();
                    batch.forEach(bar -> delivered.add(bar.symbol() + "|" + bar.ts()));
                    return Mono.<SendResult>just(new SendResult.Accepted()).delayElement(Duration.ofMillis(5));
                },
                new RouterSettings(10, Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofMillis(50)),
                Schedulers.parallel(),
                DeliveryListener.NONE,
                (provider, bars, error, attempts) -> Mono.error(new AssertionError("nothing is refused here")));
        return new FeedLifecycle(router, providers, Duration.ofSeconds(5));
    }

    @Test
    void stopsTheProvidersAndDeliversWhatWasAlreadyTakenBeforeReportingStopped() throws InterruptedException {
        rates.register("sim", new ProviderLimits(50, 1000, Duration.ZERO, 5, Duration.ofSeconds(1)));
        FeedLifecycle feed = feed(
                List.of(new SyntheticProvider("sim", List.of("AAPL"), "1m", Instant.parse("2025-10-15T00:00:00Z"), 1)));

        feed.start();
        assertThat(feed.isRunning()).isTrue();
        await().atMost(10, TimeUnit.SECONDS).until(() -> delivered.size() >= 100);

        CountDownLatch stopped = new CountDownLatch(1);
        feed.stop(stopped::countDown);

        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(feed.isRunning()).isFalse();
        int afterStop = requests.get();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> requests.get() == afterStop);
        // Consecutive timestamps from the start: none skipped, so nothing taken was dropped on the way out.
        assertThat(delivered).hasSize(minutesCoveredFromStart());
    }

    private int minutesCoveredFromStart() {
        return (int) delivered.stream()
                        .map(key -> Instant.parse(key.substring(key.indexOf('|') + 1)))
                        .mapToLong(ts -> Duration.between(Instant.parse("2025-10-15T00:00:00Z"), ts)
                                .toMinutes())
                        .max()
                        .orElse(-1)
                + 1;
    }

    @Test
    void aFailingProviderDoesNotStopTheOthers() {
        rates.register("bad", ProviderLimits.DEFAULTS);
        rates.register("good", ProviderLimits.DEFAULTS);
        BarProvider bad = new BarProvider() {
            @Override
            public String name() {
                return "bad";
            }

            @Override
            public reactor.core.publisher.Flux<Bar> bars() {
                return reactor.core.publisher.Flux.error(new IllegalStateException("file vanished"));
            }
        };
        FeedLifecycle feed = feed(List.of(
                bad, new SyntheticProvider("good", List.of("MSFT"), "1m", Instant.parse("2025-10-15T00:00:00Z"), 1)));

        feed.start();

        await().atMost(10, TimeUnit.SECONDS).until(() -> delivered.size() >= 20);
        feed.stop();
    }
}

package io.marketflow.pipeline.system;

import io.marketflow.pipeline.provider.BarProvider;
import io.marketflow.pipeline.router.BarRouter;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs the feed (when {@code MDP_FEED_ENABLED}): one router flow per provider. On shutdown the providers stop
 * first, then the bars already taken are delivered for up to the shutdown timeout, then the flows are cut.
 */
final class FeedLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedLifecycle.class);

    private final BarRouter router;
    private final List<BarProvider> providers;
    private final Duration shutdownTimeout;
    private volatile Sinks.Empty<Void> stopSignal;
    private volatile Sinks.Empty<Void> finished;
    private volatile Disposable running;

    FeedLifecycle(BarRouter router, List<BarProvider> providers, Duration shutdownTimeout) {
        this.router = router;
        this.providers = List.copyOf(providers);
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void start() {
        if (providers.isEmpty()) {
            log.info("feed off (MDP_FEED_ENABLED=false): no bars will be sent");
        }
        Sinks.Empty<Void> stop = Sinks.empty();
        Sinks.Empty<Void> done = Sinks.empty();
        stopSignal = stop;
        finished = done;
        running = Flux.fromIterable(providers)
                .flatMap(
                        provider -> router.route(
                                        provider.name(), provider.bars().takeUntilOther(stop.asMono()))
                                .then()
                                .doOnSuccess(v -> log.info("provider {}: all bars delivered", provider.name()))
                                .onErrorResume(e -> {
                                    log.error("provider {} stopped: {}", provider.name(), e.toString(), e);
                                    return Mono.empty();
                                }),
                        Math.max(1, providers.size()))
                .doFinally(signal -> done.tryEmitEmpty())
                .subscribe();
        if (!providers.isEmpty()) {
            log.info(
                    "feed started: providers {}",
                    providers.stream().map(BarProvider::name).toList());
        }
    }

    @Override
    public void stop(Runnable callback) {
        Sinks.Empty<Void> stop = stopSignal;
        if (stop == null) {
            callback.run();
            return;
        }
        stop.tryEmitEmpty();
        finished.asMono()
                .timeout(
                        shutdownTimeout,
                        Mono.fromRunnable(() ->
                                log.warn("feed: bars still undelivered after {}, stopping anyway", shutdownTimeout)))
                .doFinally(signal -> {
                    running.dispose();
                    stopSignal = null;
                    callback.run();
                })
                .subscribe();
    }

    @Override
    public void stop() {
        stop(() -> {});
    }

    @Override
    public boolean isRunning() {
        return stopSignal != null;
    }
}

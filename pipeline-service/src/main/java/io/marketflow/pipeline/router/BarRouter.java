package io.marketflow.pipeline.router;

import io.marketflow.contracts.Bar;
import io.marketflow.pipeline.provider.BarProvider;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Carries one provider's bars to the store: takes a token per bar from the rate coordinator, batches by size
 * and time, and sends one batch at a time, retrying it until the store accepts it. Demand flows back to the
 * provider at every stage, so while a batch is being retried no further bars are pulled: per provider at most
 * one batch is in flight and four more are queued ({@code bufferTimeout}'s prefetch is four batches).
 *
 * <p>On 429/503 the batch is re-sent after the store's Retry-After (or the backoff when it gave none); on
 * connection errors, timeouts and other 5xx after an exponential backoff. Either way the failure is recorded
 * with the rate coordinator, whose breaker then also holds back new bars, and a re-send waits for the breaker.
 * On 413 the batch is split in halves. Other 4xx mean the batch can never be accepted as it is: the bars the
 * store named as invalid (or the whole batch, when it named none) are parked in the {@link DeadLetters}, the
 * others re-sent. The router lets go of refused bars only once they are parked; when parking fails it keeps
 * them and tries again after the backoff, so a refused bar is never silently lost.
 *
 * <p>The router holds no state of its own (each flow keeps its batches and retry counts in its operators), so
 * it is no more than its collaborators.
 *
 * @param scheduler times the batching linger and the retry waits
 * @param deadLetters where bars the store refuses for good are parked
 */
public record BarRouter(
        RateCoordinator rates,
        StoreClient store,
        RouterSettings settings,
        Scheduler scheduler,
        DeliveryListener listener,
        DeadLetters deadLetters) {

    /** A Retry-After longer than this is taken to be a mistake, not a request. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(BarRouter.class);

    /**
     * The flow of one provider's bars ({@link #route(String, Flux)} with the provider's own bars). The
     * provider must be registered with the rate coordinator.
     */
    public Flux<List<Bar>> route(BarProvider provider) {
        return route(provider.name(), provider.bars());
    }

    /**
     * Sends {@code bars}, paced as {@code provider}, and emits each batch once the store has accepted it
     * (bars parked as invalid are not emitted; the rest of their batch is, once accepted). Completes when
     * {@code bars} completes and every batch is delivered; nothing happens until subscription.
     */
    public Flux<List<Bar>> route(String provider, Flux<Bar> bars) {
        return bars.concatMap(bar -> rates.acquire(provider, 1).thenReturn(bar), 0)
                .bufferTimeout(settings.batchSize(), settings.linger(), scheduler, true)
                .concatMap(batch -> deliver(provider, batch), 0);
    }

    private Flux<List<Bar>> deliver(String provider, List<Bar> batch) {
        return attempt(provider, batch, 0);
    }

    private Flux<List<Bar>> attempt(String provider, List<Bar> batch, int failures) {
        return store.send(batch).flatMapMany(result -> {
            if (result instanceof SendResult.Accepted) {
                rates.recordSuccess(provider);
                listener.accepted(provider, batch.size());
                return Flux.just(batch);
            }
            if (result instanceof SendResult.TooLarge && batch.size() > 1) {
                int half = batch.size() / 2;
                log.warn("store refused a batch of {} bars as too large; sending it in halves", batch.size());
                return deliver(provider, batch.subList(0, half))
                        .concatWith(deliver(provider, batch.subList(half, batch.size())));
            }
            if (result instanceof SendResult.Throttled throttled) {
                rates.recordFailure(provider);
                listener.throttled(provider, throttled.status());
                Duration wait = throttled
                        .retryAfter()
                        .map(after -> after.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : after)
                        .orElseGet(() -> backoff(failures));
                log.debug(
                        "store answered {} for {} bars of {}; re-sending in {}",
                        throttled.status(),
                        batch.size(),
                        provider,
                        wait);
                return retry(provider, batch, failures, wait);
            }
            if (result instanceof SendResult.Failed failed) {
                rates.recordFailure(provider);
                Duration wait = backoff(failures);
                log.warn(
                        "sending {} bars of {} failed ({}); re-sending in {}",
                        batch.size(),
                        provider,
                        failed.reason(),
                        wait);
                return retry(provider, batch, failures, wait);
            }
            // Another 4xx, or 413 for a single bar: the store will never take these bars as they are.
            SendResult.Rejected rejected = result instanceof SendResult.Rejected r
                    ? r
                    : new SendResult.Rejected(413, "one bar is larger than the store takes in a request");
            return refused(provider, batch, rejected, failures);
        });
    }

    /** Parks the bars the store named (all of them when it named none) and re-sends the others. */
    private Flux<List<Bar>> refused(String provider, List<Bar> batch, SendResult.Rejected rejected, int failures) {
        List<Bar> bad = new ArrayList<>();
        List<Bar> good = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            (rejected.refused().contains(i) ? bad : good).add(batch.get(i));
        }
        if (bad.isEmpty()) {
            bad = batch;
            good = List.of();
        }
        List<Bar> parked = bad;
        List<Bar> rest = good;
        return deadLetters
                .park(provider, parked, rejected.status() + " " + rejected.detail(), failures + 1)
                .thenReturn(true)
                .onErrorResume(e -> {
                    log.error(
                            "cannot park {} refused bars of {} in the dead-letter queue ({}); keeping them, trying"
                                    + " again in {}",
                            parked.size(),
                            provider,
                            e.toString(),
                            backoff(failures));
                    return Mono.just(false);
                })
                .flatMapMany(done -> {
                    if (!done) {
                        return retry(provider, batch, failures, backoff(failures));
                    }
                    log.error(
                            "store refused {} of {} bars of {} for good ({}); parked them in the dead-letter queue",
                            parked.size(),
                            batch.size(),
                            provider,
                            rejected.detail());
                    listener.rejected(provider, parked.size());
                    listener.deadLettered(provider, parked.size());
                    return rest.isEmpty() ? Flux.<List<Bar>>empty() : deliver(provider, rest);
                });
    }

    private Flux<List<Bar>> retry(String provider, List<Bar> batch, int failures, Duration wait) {
        return Mono.delay(wait, scheduler)
                .then(rates.whenOpen(provider))
                .thenMany(Flux.defer(() -> attempt(provider, batch, failures + 1)));
    }

    /** The first backoff x 2^failures, capped at the longest. */
    Duration backoff(int failures) {
        return settings.backoff().delay(failures + 1);
    }
}

package io.marketflow.store.feedback;

import io.marketflow.contracts.FeedbackEvent;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts feedback events to one webhook, as a {@link FeedbackBus} subscriber.
 *
 * <p>Only the newest undelivered event of each coordinator is kept: a newer one replaces it (counted as
 * superseded), so a slow or dead receiver costs at most one event per coordinator in memory and
 * {@link #accept} never waits. Coordinators take turns in the order their events arrived, so one that
 * publishes every 250 ms cannot starve the others. One sender posts at a time; after a failure (error status, refused
 * connection, or no answer within the timeout) it waits with exponential backoff before the next attempt.
 * Each event is sent as {@code webhook-id} {@code <coordinator_id>-<seq>}, the same on every retry, so the
 * receiver can drop duplicates.
 */
public final class WebhookBroadcaster implements Consumer<FeedbackEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookBroadcaster.class);

    private final WebClient webClient;
    private final WebhookSettings settings;
    private final JsonMapper jsonMapper;
    private final EventSigner signer;
    private final Clock clock;
    private final Scheduler retryScheduler;

    private final ConcurrentHashMap<String, FeedbackEvent> pending = new ConcurrentHashMap<>();
    /** Coordinators in the order their pending event arrived, so a busy one cannot starve the others. */
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    /** Whoever sets it owns the sender role until it sets it back; guards {@link #consecutiveFailures}. */
    private final AtomicBoolean sending = new AtomicBoolean();
    /** Set while a backoff timer waits; whoever clears it (the timer or {@link #retryNow}) makes the retry. */
    private final AtomicBoolean backingOff = new AtomicBoolean();

    private final Disposable.Swap inFlight = Disposables.swap();
    private final Disposable.Swap retryTimer = Disposables.swap();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder superseded = new LongAdder();
    private int consecutiveFailures;
    private volatile boolean closed;

    /**
     * @param webClient any client; the per-request timeout is applied here, whatever the client's own
     * @param retryScheduler runs the backoff timers
     */
    public WebhookBroadcaster(
            WebClient webClient,
            WebhookSettings settings,
            JsonMapper jsonMapper,
            EventSigner signer,
            Clock clock,
            Scheduler retryScheduler) {
        this.webClient = Objects.requireNonNull(webClient, "webClient");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryScheduler = Objects.requireNonNull(retryScheduler, "retryScheduler");
    }

    /** Queues {@code event} for delivery, replacing an older undelivered event of its coordinator. */
    @Override
    public void accept(FeedbackEvent event) {
        if (closed) {
            return;
        }
        keepNewest(event);
        drain();
    }

    private void keepNewest(FeedbackEvent event) {
        boolean[] replaced = {false};
        pending.merge(event.coordinatorId(), event, (held, offered) -> {
            replaced[0] = true;
            superseded.increment();
            return offered.seq() > held.seq() ? offered : held;
        });
        if (!replaced[0]) {
            order.add(event.coordinatorId()); // a replacement keeps its coordinator's place in line
        }
    }

    private void drain() {
        while (!closed && sending.compareAndSet(false, true)) {
            FeedbackEvent next = takeAny();
            if (next != null) {
                send(next);
                return;
            }
            sending.set(false);
            // An event may have arrived after takeAny() looked and before we let go of the sender role.
            if (pending.isEmpty()) {
                return;
            }
        }
    }

    /** The pending event of the coordinator that has waited longest. */
    private FeedbackEvent takeAny() {
        String next;
        while ((next = order.poll()) != null) {
            FeedbackEvent event = pending.remove(next);
            if (event != null) {
                return event;
            }
        }
        // An event whose coordinator is not in line yet: its producer is between the two steps of keepNewest.
        for (Map.Entry<String, FeedbackEvent> entry : pending.entrySet()) {
            if (pending.remove(entry.getKey(), entry.getValue())) {
                return entry.getValue();
            }
        }
        return null;
    }

    private void send(FeedbackEvent event) {
        String messageId = event.coordinatorId() + "-" + event.seq();
        Mono<Void> post = Mono.fromCallable(() -> jsonMapper.writeValueAsString(event))
                .flatMap(body -> webClient
                        .post()
                        .uri(settings.url())
                        .contentType(MediaType.APPLICATION_JSON)
                        .headers(headers ->
                                signer.sign(messageId, clock.instant(), body).forEach(headers::set))
                        .bodyValue(body)
                        .retrieve()
                        .toBodilessEntity())
                .timeout(settings.timeout())
                .then();
        inFlight.replace(post.subscribe(null, error -> failedAttempt(event, error), this::deliveredAttempt));
    }

    private void deliveredAttempt() {
        delivered.increment();
        if (consecutiveFailures > 0) {
            log.info(
                    "Feedback webhook {} accepts events again after {} failed attempts",
                    settings.url(),
                    consecutiveFailures);
        }
        consecutiveFailures = 0;
        sending.set(false);
        drain();
    }

    private void failedAttempt(FeedbackEvent event, Throwable error) {
        failed.increment();
        consecutiveFailures++;
        if (closed) {
            return;
        }
        keepNewest(event); // unless a newer event of its coordinator arrived meanwhile
        long delayNanos = settings.backoff(consecutiveFailures).toNanos();
        if (consecutiveFailures == 1) {
            log.warn("Feedback webhook {} failed, retrying with backoff: {}", settings.url(), error.toString());
        } else {
            log.debug(
                    "Feedback webhook {} failed {} times in a row: {}",
                    settings.url(),
                    consecutiveFailures,
                    error.toString());
        }
        try {
            backingOff.set(true);
            retryTimer.replace(retryScheduler.schedule(this::retry, delayNanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            backingOff.set(false);
            sending.set(false); // scheduler shut down: the next accept() tries again
        }
    }

    private void retry() {
        if (backingOff.compareAndSet(true, false)) {
            sending.set(false);
            drain();
        }
    }

    /**
     * Ends a backoff wait at once and posts the pending events, for a caller that knows the receiver has just
     * come up (a launcher that started it); does nothing while no wait is running.
     */
    public void retryNow() {
        if (backingOff.get()) {
            Disposable timer = retryTimer.get();
            if (timer != null) {
                timer.dispose(); // if it already runs, it loses the race for backingOff below
            }
            retry();
        }
    }

    /** Where this broadcaster posts. */
    public URI url() {
        return settings.url();
    }

    /** Successful POSTs. */
    public long delivered() {
        return delivered.sum();
    }

    /** POSTs that failed: error status, connection failure or timeout. */
    public long failed() {
        return failed.sum();
    }

    /** Undelivered events dropped because a newer event of the same coordinator replaced them. */
    public long superseded() {
        return superseded.sum();
    }

    /** Events waiting for delivery, at most one per coordinator (an event being posted is not counted). */
    public int pending() {
        return pending.size();
    }

    /** Cancels the POST in flight and any retry, and forgets undelivered events. */
    @Override
    public void close() {
        closed = true;
        retryTimer.dispose();
        inFlight.dispose();
        pending.clear();
        order.clear();
    }
}

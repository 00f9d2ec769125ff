package io.marketflow.store.feedback;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The feedback webhook to every receiver (one per pipeline instance): each gets every event through a
 * {@link WebhookBroadcaster} and a bus lane of its own, so each has its own coalescing, retry backoff and failure
 * log, and a slow or dead receiver never delays the events of the others.
 */
public final class FeedbackWebhooks implements AutoCloseable {

    private final List<WebhookBroadcaster> receivers;
    private final List<FeedbackBus.Subscription> subscriptions;

    private FeedbackWebhooks(List<WebhookBroadcaster> receivers, List<FeedbackBus.Subscription> subscriptions) {
        this.receivers = List.copyOf(receivers);
        this.subscriptions = List.copyOf(subscriptions);
    }

    /**
     * Subscribes to {@code bus} one broadcaster per url, made by {@code broadcasterFor}, which must post to the
     * url it is given.
     */
    public static FeedbackWebhooks subscribe(
            FeedbackBus bus, List<URI> urls, Function<URI, WebhookBroadcaster> broadcasterFor) {
        Objects.requireNonNull(bus, "bus");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no webhook url");
        }
        List<WebhookBroadcaster> receivers = new ArrayList<>();
        List<FeedbackBus.Subscription> subscriptions = new ArrayList<>();
        for (URI url : urls) {
            WebhookBroadcaster broadcaster = broadcasterFor.apply(url);
            receivers.add(broadcaster);
            subscriptions.add(bus.subscribe("webhook", broadcaster));
        }
        return new FeedbackWebhooks(receivers, subscriptions);
    }

    /** One broadcaster per receiver, in the order the urls were given. */
    public List<WebhookBroadcaster> receivers() {
        return receivers;
    }

    /**
     * Ends the backoff wait of the receiver at {@code url} (see {@link WebhookBroadcaster#retryNow}); false when no
     * receiver has that url.
     */
    public boolean retryNow(URI url) {
        List<WebhookBroadcaster> matching = receivers.stream()
                .filter(receiver -> receiver.url().equals(url))
                .toList();
        matching.forEach(WebhookBroadcaster::retryNow);
        return !matching.isEmpty();
    }

    /** Successful POSTs, all receivers together. */
    public long delivered() {
        return sum(WebhookBroadcaster::delivered);
    }

    /** Failed POSTs, all receivers together. */
    public long failed() {
        return sum(WebhookBroadcaster::failed);
    }

    /** Undelivered events replaced by a newer one of their coordinator, all receivers together. */
    public long superseded() {
        return sum(WebhookBroadcaster::superseded);
    }

    /** Events waiting for delivery, all receivers together (at most one per coordinator each). */
    public long pending() {
        return sum(WebhookBroadcaster::pending);
    }

    private long sum(ToLongFunction<WebhookBroadcaster> count) {
        return receivers.stream().mapToLong(count).sum();
    }

    @Override
    public void close() {
        subscriptions.forEach(FeedbackBus.Subscription::close);
        receivers.forEach(WebhookBroadcaster::close);
    }
}

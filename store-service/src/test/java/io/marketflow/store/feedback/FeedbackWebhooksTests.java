package io.marketflow.store.feedback;

import static io.marketflow.contracts.BackpressureLevel.HARD;
import static io.marketflow.contracts.BackpressureLevel.SOFT;
import static io.marketflow.store.feedback.EventRecorder.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.store.feedback.TestReceiver.Reply;
import io.marketflow.store.feedback.TestReceiver.Request;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Several real HTTP receivers behind one bus: each gets every event, none waits for another. */
class FeedbackWebhooksTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    /** Longer than any wait of these tests: a receiver that needs it has not been served by then. */
    private static final Duration FOREVER = Duration.ofMinutes(2);

    private final JsonMapper json = JsonMapper.builder().build();
    private final FeedbackBus bus = new FeedbackBus();
    private final List<TestReceiver> receivers = new ArrayList<>();
    private FeedbackWebhooks webhooks;

    @AfterEach
    void close() {
        if (webhooks != null) {
            webhooks.close();
        }
        bus.close();
        receivers.forEach(TestReceiver::close);
    }

    private TestReceiver receiver(TestReceiver receiver) {
        receivers.add(receiver);
        return receiver;
    }

    /** {@code timeout} per POST, backoff from 20 ms (or {@code initialBackoff}) up to it, signed alike. */
    private FeedbackWebhooks webhooks(String secret, Duration timeout, Duration initialBackoff) {
        webhooks = FeedbackWebhooks.subscribe(
                bus,
                receivers.stream().map(TestReceiver::url).toList(),
                url -> new WebhookBroadcaster(
                        WebClient.create(),
                        new WebhookSettings(url, timeout, initialBackoff, FOREVER),
                        json,
                        EventSigner.forSecret(secret),
                        Clock.systemUTC(),
                        Schedulers.parallel()));
        return webhooks;
    }

    @Test
    void everyReceiverGetsEveryEventSignedWithTheOneSecret() throws Exception {
        String secret = newSecret();
        TestReceiver first = receiver(TestReceiver.started());
        TestReceiver second = receiver(TestReceiver.started());
        webhooks(secret, WebhookSettings.DEFAULT_TIMEOUT, Duration.ofMillis(20));
        List<FeedbackEvent> events = Stream.of("bars-coord", "options-coord", "news-coord")
                .map(coordinator -> event(coordinator, HARD, 7))
                .toList();

        events.forEach(bus::publish);

        await().atMost(PATIENCE).until(() -> webhooks.delivered() == 2L * events.size());
        for (TestReceiver receiver : List.of(first, second)) {
            assertThat(receiver.requests())
                    .extracting(r -> json.readValue(r.body(), FeedbackEvent.class))
                    .containsExactlyInAnyOrderElementsOf(events);
            for (Request request : receiver.requests()) {
                new Webhook(secret).verify(request.body(), request.headers());
            }
        }
        assertThat(webhooks.receivers()).extracting(WebhookBroadcaster::url).containsExactly(first.url(), second.url());
    }

    @Test
    void aHangingOrDeadReceiverDoesNotHoldBackTheLiveOne() {
        TestReceiver live = receiver(TestReceiver.started());
        TestReceiver hanging = receiver(TestReceiver.started().usually(new Reply(204, FOREVER)));
        TestReceiver dead = receiver(new TestReceiver()); // never listens
        // The hanging receiver's POST would time out only after every wait below has ended.
        webhooks(null, FOREVER, Duration.ofMillis(20));

        for (long seq = 1; seq <= 20; seq++) {
            bus.publish(event("bars-coord", seq % 2 == 0 ? SOFT : HARD, seq));
            long expected = seq;
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> live.requests().size() == expected);
        }

        assertThat(live.requests())
                .extracting(r -> json.readValue(r.body(), FeedbackEvent.class).seq())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(hanging.requests())
                .as("one POST still waiting for its answer")
                .hasSize(1);
        assertThat(webhooks.receivers().get(2).failed()).isPositive();
        assertThat(webhooks.receivers().get(1).pending()
                        + webhooks.receivers().get(2).pending())
                .as("the stuck receivers keep only the newest event of the coordinator")
                .isLessThanOrEqualTo(2);
        assertThat(dead.requests()).isEmpty();
    }

    @Test
    void retryNowEndsTheBackoffOfAReceiverThatHasJustComeUp() {
        TestReceiver late = receiver(new TestReceiver()); // not listening yet
        webhooks(null, WebhookSettings.DEFAULT_TIMEOUT, FOREVER); // one failure, then a wait beyond the test
        bus.publish(event("bars-coord", HARD, 1));
        await().atMost(PATIENCE).until(() -> webhooks.failed() == 1);

        late.start();
        assertThat(webhooks.retryNow(late.url())).isTrue();

        await().atMost(PATIENCE).until(() -> webhooks.delivered() == 1);
        assertThat(late.requests()).extracting(Request::body).hasSize(1);
        assertThat(webhooks.retryNow(URI.create("http://127.0.0.1:1/feedback")))
                .as("no such receiver")
                .isFalse();
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}

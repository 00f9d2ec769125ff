package io.marketflow.store.feedback;

import static io.marketflow.contracts.BackpressureLevel.HARD;
import static io.marketflow.contracts.BackpressureLevel.SOFT;
import static io.marketflow.store.feedback.EventRecorder.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.standardwebhooks.Webhook;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.store.feedback.TestReceiver.Reply;
import io.marketflow.store.feedback.TestReceiver.Request;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookBroadcasterTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final JsonMapper json = JsonMapper.builder().build();
    private TestReceiver receiver;
    private WebhookBroadcaster broadcaster;

    @AfterEach
    void close() {
        if (broadcaster != null) {
            broadcaster.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private WebhookBroadcaster broadcaster(WebhookSettings settings, EventSigner signer) {
        broadcaster = new WebhookBroadcaster(
                WebClient.create(), settings, json, signer, Clock.systemUTC(), Schedulers.parallel());
        return broadcaster;
    }

    /** Fast backoff so tests spend their time on behaviour, not waiting. */
    private WebhookBroadcaster broadcaster(EventSigner signer) {
        return broadcaster(
                new WebhookSettings(
                        receiver.url(), WebhookSettings.DEFAULT_TIMEOUT, Duration.ofMillis(20), Duration.ofMillis(100)),
                signer);
    }

    @Test
    void postsEventsAsJsonSignedSoTheReceiverCanVerifyThem() throws Exception {
        String secret = newSecret();
        receiver = TestReceiver.started();
        broadcaster(EventSigner.forSecret(secret));

        broadcaster.accept(event("bars-coord", HARD, 42));

        await().atMost(PATIENCE).until(() -> broadcaster.delivered() == 1);
        Request request = receiver.requests().get(0);
        new Webhook(secret).verify(request.body(), request.headers());
        assertThat(request.header("webhook-id")).isEqualTo("bars-coord-42");
        assertThat(request.header("content-type")).startsWith("application/json");
        JsonNode body = json.readTree(request.body());
        assertThat(body.get("coordinator_id").asString()).isEqualTo("bars-coord");
        assertThat(body.get("level").asString()).isEqualTo("hard");
        assertThat(body.get("queue_size").asInt()).isEqualTo(10);
        assertThat(body.get("seq").asLong()).isEqualTo(42);
        assertThat(body.get("ts").asString()).isEqualTo("2025-10-15T14:30:00Z");
        assertThat(body.has("reason")).isTrue();
    }

    @Test
    void sendsIdAndTimestampButNoSignatureWithoutASecret() {
        receiver = TestReceiver.started();
        broadcaster(EventSigner.forSecret(""));

        broadcaster.accept(event("bars-coord", SOFT, 7));

        await().atMost(PATIENCE).until(() -> broadcaster.delivered() == 1);
        Request request = receiver.requests().get(0);
        assertThat(request.header("webhook-id")).isEqualTo("bars-coord-7");
        assertThat(request.header("webhook-timestamp")).isNotBlank();
        assertThat(request.header("webhook-signature")).isNull();
    }

    @Test
    void retriesAFailedEventUnderTheSameWebhookId() throws Exception {
        String secret = newSecret();
        receiver = TestReceiver.started().thenReply(new Reply(503, Duration.ZERO), new Reply(500, Duration.ZERO));
        broadcaster(EventSigner.forSecret(secret));

        broadcaster.accept(event("bars-coord", HARD, 9));

        await().atMost(PATIENCE).until(() -> broadcaster.delivered() == 1);
        assertThat(broadcaster.failed()).isEqualTo(2);
        List<Request> requests = receiver.requests();
        assertThat(requests)
                .extracting(r -> r.header("webhook-id"))
                .containsExactly("bars-coord-9", "bars-coord-9", "bars-coord-9");
        new Webhook(secret).verify(requests.get(2).body(), requests.get(2).headers());
    }

    @Test
    void aReceiverThatComesUpLateGetsOnlyTheNewestEventOfEachCoordinator() throws Exception {
        receiver = new TestReceiver(); // not listening yet
        broadcaster(EventSigner.unsigned());

        for (long seq = 1; seq <= 50; seq++) {
            broadcaster.accept(event("bars-coord", HARD, seq));
            broadcaster.accept(event("options-coord", SOFT, 1_000 + seq));
        }
        // Once an attempt fails after the last event was accepted, nothing older is left to send.
        long failedSoFar = broadcaster.failed();
        await().atMost(PATIENCE).until(() -> broadcaster.failed() > failedSoFar);
        receiver.start();

        await().atMost(PATIENCE).until(() -> broadcaster.delivered() == 2);
        assertThat(receiver.requests())
                .extracting(r -> json.readValue(r.body(), FeedbackEvent.class).seq())
                .containsExactlyInAnyOrder(50L, 1_050L);
        assertThat(broadcaster.pending()).isZero();
        assertThat(broadcaster.superseded()).isEqualTo(100 - 2);
    }

    @Test
    void aSlowReceiverTimesOutAsAFailureWithoutSlowingPublish() {
        receiver = TestReceiver.started().usually(new Reply(204, Duration.ofSeconds(5)));
        broadcaster(WebhookSettings.defaults(receiver.url()), EventSigner.unsigned());
        FeedbackBus bus = new FeedbackBus();
        bus.subscribe("webhook", broadcaster);

        List<FeedbackEvent> events = LongStream.rangeClosed(1, 10_000)
                .mapToObj(seq -> event("bars-coord", HARD, seq))
                .toList();

        try {
            long started = System.nanoTime();
            // Well under the 2 s the first POST waits for: publishing never waits for the receiver.
            assertTimeoutPreemptively(Duration.ofMillis(1_500), () -> events.forEach(bus::publish));

            await().atMost(PATIENCE).until(() -> broadcaster.failed() >= 1);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("failed by the 2 s timeout, not sooner")
                    .isGreaterThanOrEqualTo(WebhookSettings.DEFAULT_TIMEOUT);
            assertThat(broadcaster.delivered()).isZero();
            assertThat(broadcaster.pending()).isLessThanOrEqualTo(1);
        } finally {
            bus.close();
        }
    }

    @Test
    void keepsAtMostOnePendingEventPerCoordinatorWhileTheReceiverIsDown() {
        receiver = new TestReceiver(); // never listens
        broadcaster(EventSigner.unsigned());
        String[] coordinators = {"bars-coord", "options-coord", "news-coord"};

        int maxPending = 0;
        for (int i = 0; i < 100_000; i++) {
            broadcaster.accept(event(coordinators[i % 3], HARD, i + 1));
            maxPending = Math.max(maxPending, broadcaster.pending());
        }

        assertThat(maxPending).isLessThanOrEqualTo(coordinators.length);
        // Every event but the newest per coordinator, and perhaps one in flight, was replaced.
        assertThat(broadcaster.superseded()).isGreaterThanOrEqualTo(100_000 - coordinators.length - 1);
        assertThat(broadcaster.delivered()).isZero();
        await().atMost(PATIENCE).until(() -> broadcaster.failed() >= 1);
    }

    @Test
    void coordinatorsTakeTurnsInTheOrderTheirEventsArrived() {
        for (String[] line : new String[][] {{"a-coord", "b-coord"}, {"b-coord", "a-coord"}}) {
            receiver = TestReceiver.started().thenReply(new Reply(204, Duration.ofSeconds(1)));
            broadcaster(EventSigner.unsigned());
            broadcaster.accept(event("x-coord", HARD, 1)); // in flight for a second
            await().atMost(PATIENCE).until(() -> receiver.requests().size() == 1);

            broadcaster.accept(event(line[0], HARD, 10));
            broadcaster.accept(event(line[1], HARD, 20));
            broadcaster.accept(event(line[0], SOFT, 11)); // replaces, keeps its place in line

            await().atMost(PATIENCE).until(() -> broadcaster.delivered() == 3);
            assertThat(receiver.requests())
                    .extracting(r -> json.readValue(r.body(), FeedbackEvent.class))
                    .extracting(FeedbackEvent::coordinatorId, FeedbackEvent::seq)
                    .containsExactly(tuple("x-coord", 1L), tuple(line[0], 11L), tuple(line[1], 20L));
            broadcaster.close();
            receiver.close();
        }
    }

    @Test
    void stopsCleanlyOnClose() {
        receiver = new TestReceiver();
        broadcaster(EventSigner.unsigned());
        broadcaster.accept(event("bars-coord", HARD, 1));
        await().atMost(PATIENCE).until(() -> broadcaster.failed() >= 1);

        broadcaster.close();
        broadcaster.accept(event("bars-coord", HARD, 2));

        assertThat(broadcaster.pending()).isZero();
        assertThatCode(broadcaster::close).doesNotThrowAnyException();
    }

    @Test
    void refusesAMalformedSecretWithoutRevealingIt() {
        assertThatThrownBy(() -> EventSigner.forSecret("whsec_not*base64"))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("not*base64");
    }

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
        WebhookSettings settings = WebhookSettings.defaults(java.net.URI.create("http://localhost:8081/feedback"));

        assertThat(settings.backoff(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(settings.backoff(6)).isEqualTo(Duration.ofMillis(6_400));
        assertThat(settings.backoff(7)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.backoff(1_000)).isEqualTo(Duration.ofSeconds(10));
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}

package io.marketflow.pipeline.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.webhook.WebhookSigner;
import io.marketflow.pipeline.TestRequests;
import io.marketflow.pipeline.metrics.MetricNames;
import io.marketflow.pipeline.status.PipelineStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code POST /feedback} with a webhook secret set: signed events are applied, anything unsigned, forged or
 * replayed out of the time window is refused with 401 and changes nothing. Tests share one context, so each
 * uses its own coordinator id, and only {@link #signedEventIsAppliedToEveryProvider} sends a level above ok.
 */
@SpringBootTest(
        properties = {
            "MDP_FB_WEBHOOK_SECRET=" + FeedbackEndpointTests.SECRET,
            "MDP_FB_STALE_AFTER_SEC=600",
            // The step policy's scales: under pace, a store that reports no capacity gets them only after the
            // start-up ramp (PacePolicyTests), and this test is about the endpoint, not the ramp.
            "MDP_FB_POLICY=step",
            "MDP_RATE_CSV_CAPACITY=10"
        })
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class FeedbackEndpointTests {

    static final String SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Autowired
    WebTestClient web;

    @Autowired
    PipelineStatus status;

    @Autowired
    MeterRegistry meters;

    private final WebhookSigner signer = new WebhookSigner(SECRET);

    private static String event(String coordinator, String level, long seq) {
        return TestRequests.feedback(coordinator, level, seq);
    }

    /** {@code pipeline_feedback_events_total} of {@code coordinator} with {@code outcome}. */
    private double eventsCounted(String coordinator, String outcome) {
        return meters.get(MetricNames.FEEDBACK_EVENTS)
                .tags(MetricNames.TAG_COORDINATOR, coordinator, MetricNames.TAG_OUTCOME, outcome)
                .counter()
                .count();
    }

    private WebTestClient.ResponseSpec post(String body, Map<String, String> headers) {
        return web.post()
                .uri("/feedback")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> headers.forEach(h::set))
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec postSigned(String body) {
        return post(body, signer.sign("msg_" + UUID.randomUUID(), Instant.now(), body));
    }

    private CoordinatorSnapshot coordinator(String id) {
        return status.feedback().coordinators().stream()
                .filter(c -> c.coordinatorId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no feedback from " + id));
    }

    private boolean heardFrom(String id) {
        return status.feedback().coordinators().stream()
                .anyMatch(c -> c.coordinatorId().equals(id));
    }

    @Test
    void signedEventIsAppliedToEveryProvider() {
        postSigned(event("signed-coord", "soft", 1)).expectStatus().isNoContent();

        assertThat(coordinator("signed-coord").level()).isEqualTo(BackpressureLevel.SOFT);
        assertThat(status.providers()).extracting(p -> p.provider()).contains("ibkr", "csv");
        assertThat(status.providers()).allSatisfy(p -> {
            assertThat(p.scale()).isEqualTo(0.5);
            assertThat(p.effectiveRate()).isEqualTo(p.baseRate() * 0.5);
            assertThat(p.pressure()).isEqualTo(BackpressureLevel.SOFT);
        });
        assertThat(eventsCounted("signed-coord", "applied")).isEqualTo(1.0);
    }

    @Test
    void unsignedEventIsRefusedAndChangesNothing() {
        post(event("unsigned-coord", "ok", 1), Map.of())
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("webhook-signature"));

        assertThat(heardFrom("unsigned-coord")).isFalse();
    }

    @Test
    void forgedEventIsRefusedAndChangesNothing() {
        postSigned(event("forged-coord", "ok", 1)).expectStatus().isNoContent();
        String forged = event("forged-coord", "hard", 2);
        Map<String, String> headers = signer.sign("msg_forged", Instant.now(), event("forged-coord", "ok", 2));

        post(forged, headers).expectStatus().isUnauthorized();

        assertThat(coordinator("forged-coord").level()).isEqualTo(BackpressureLevel.OK);
        assertThat(coordinator("forged-coord").seq()).isEqualTo(1);
    }

    @Test
    void eventSignedWithAnotherSecretIsRefused() {
        String body = event("other-secret-coord", "ok", 1);
        WebhookSigner stranger = new WebhookSigner("whsec_" + "c3RyYW5nZXItc3RyYW5nZXItc3RyYW5nZXIh");

        post(body, stranger.sign("msg_1", Instant.now(), body)).expectStatus().isUnauthorized();

        assertThat(heardFrom("other-secret-coord")).isFalse();
    }

    @Test
    void replayOutsideTheTimeWindowIsRefused() {
        String body = event("old-coord", "ok", 1);

        post(body, signer.sign("msg_old", Instant.now().minus(Duration.ofMinutes(6)), body))
                .expectStatus()
                .isUnauthorized();

        assertThat(heardFrom("old-coord")).isFalse();
    }

    @Test
    void duplicateWebhookIdIsAcknowledgedButIgnored() {
        String first = event("dup-coord", "ok", 1);
        post(first, signer.sign("msg_dup", Instant.now(), first)).expectStatus().isNoContent();
        String second = event("dup-coord", "ok", 2);

        post(second, signer.sign("msg_dup", Instant.now(), second))
                .expectStatus()
                .isNoContent();

        assertThat(coordinator("dup-coord").seq()).isEqualTo(1);
        assertThat(eventsCounted("dup-coord", "duplicate")).isEqualTo(1.0);
    }

    @Test
    void reorderedEventIsAcknowledgedButIgnored() {
        postSigned(event("reorder-coord", "ok", 5)).expectStatus().isNoContent();

        postSigned(event("reorder-coord", "soft", 3)).expectStatus().isNoContent();

        assertThat(coordinator("reorder-coord").seq()).isEqualTo(5);
        assertThat(coordinator("reorder-coord").level()).isEqualTo(BackpressureLevel.OK);
    }

    @Test
    void signedButMalformedEventIsA400NamingTheField() {
        postSigned(event("malformed-coord", "extreme", 1))
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("level")
                .jsonPath("$.errors[0].message")
                .isEqualTo("level must be one of ok, soft, hard");

        assertThat(heardFrom("malformed-coord")).isFalse();
    }

    @Test
    void startUpLogSaysASecretIsSetWithoutShowingIt(CapturedOutput output) {
        assertThat(output.getAll()).contains("webhook_secret=set").doesNotContain(SECRET.substring("whsec_".length()));
    }
}

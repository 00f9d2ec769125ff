package io.marketflow.pipeline.dashboard;

import static io.marketflow.pipeline.TestRequests.getText;
import static io.marketflow.pipeline.TestRequests.postFeedback;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.testkit.WebAnswers;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in the running application, with a stand-in store answering its health endpoint: the page at
 * {@code /}, the one-off snapshot and the event stream. Only {@link #listsAppliedFeedbackEventsNewestFirst}
 * sends feedback, so the other tests do not depend on the order they run in.
 */
@SpringBootTest(properties = {"MDP_FB_PROVIDER_NAME=sim", "MDP_RATE_SIM_REFILL_RATE=250", "MDP_FB_STALE_AFTER_SEC=600"})
@AutoConfigureWebTestClient
class DashboardEndpointTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final StandInStore store = new StandInStore();

    @Autowired
    WebTestClient web;

    @DynamicPropertySource
    static void storeUrl(DynamicPropertyRegistry registry) {
        registry.add("MDP_STORE_URL", store::url);
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    private JsonNode snapshot() {
        byte[] body = WebAnswers.getOk(web, "/dashboard/snapshot", MediaType.APPLICATION_JSON)
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    @Test
    void snapshotShowsTheStoresCoordinatorsAndThePipelinesProviders() {
        JsonNode snapshot = snapshot();

        assertThat(snapshot.path("store").path("url").asString()).isEqualTo(store.url());
        assertThat(snapshot.path("store").path("reachable").asBoolean()).isTrue();
        assertThat(snapshot.path("store").path("status").asString()).isEqualTo("DOWN");
        JsonNode bars = snapshot.path("coordinators").path(0);
        assertThat(bars.path("id").asString()).isEqualTo("bars-coord");
        assertThat(bars.path("queue_size").asInt()).isEqualTo(8234);
        assertThat(bars.path("capacity").asInt()).isEqualTo(10000);
        assertThat(bars.path("high_watermark").asInt()).isEqualTo(8000);
        assertThat(bars.path("low_watermark").asInt()).isEqualTo(5000);
        assertThat(bars.path("level").asString()).isEqualTo("hard");
        assertThat(bars.path("circuit_state").asString()).isEqualTo("open");
        assertThat(bars.path("workers_alive").asInt()).isEqualTo(3);
        assertThat(bars.path("workers").asInt()).isEqualTo(4);
        assertThat(snapshot.path("coordinators").path(1).path("id").asString()).isEqualTo("news-coord");
        JsonNode sim = snapshot.path("providers").path(0);
        assertThat(sim.path("name").asString()).isEqualTo("sim");
        assertThat(sim.path("base_rate").asDouble()).isEqualTo(250.0);
        assertThat(sim.has("scale")).isTrue();
        assertThat(sim.has("effective_rate")).isTrue();
        assertThat(sim.has("pressure_level")).isTrue();
        assertThat(sim.path("bars_sent").asLong()).isZero();
    }

    @Test
    void listsAppliedFeedbackEventsNewestFirst() {
        sendFeedback("soft", 1, 6000);
        snapshot();
        sendFeedback("hard", 2, 8500);

        JsonNode snapshot = snapshot();

        assertThat(snapshot.path("events").path(0).path("coordinator_id").asString())
                .isEqualTo("bars-coord");
        assertThat(List.of(
                        snapshot.path("events").path(0).path("from").asString(),
                        snapshot.path("events").path(0).path("to").asString(),
                        snapshot.path("events").path(0).path("queue_size").asString()))
                .containsExactly("soft", "hard", "8500");
        assertThat(snapshot.path("events").path(1).path("from").isNull()).isTrue();
        assertThat(snapshot.path("events").path(1).path("seq").asLong()).isEqualTo(1);
        assertThat(snapshot.path("coordinators").path(0).path("feedback_seq").asLong())
                .isEqualTo(2);
        assertThat(snapshot.path("feedback").path("level").asString()).isEqualTo("hard");
        assertThat(snapshot.path("providers").path(0).path("scale").asDouble()).isZero();
    }

    private void sendFeedback(String level, long seq, int queueSize) {
        String event = """
                {"coordinator_id":"bars-coord","queue_size":%d,"capacity":10000,"level":"%s",\
                "ts":"2025-10-15T14:30:0%dZ","seq":%d}""".formatted(queueSize, level, seq, seq);
        postFeedback(web, event).expectStatus().isNoContent();
    }

    @Test
    void streamSendsANewSnapshotEverySecond() {
        var events = web.mutate()
                .responseTimeout(Duration.ofSeconds(10))
                .build()
                .get()
                .uri("/dashboard/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .getResponseBody();

        StepVerifier.create(events.take(2).map(this::seqOf).collectList())
                .assertNext(seqs -> assertThat(seqs.get(1)).isGreaterThan(seqs.get(0)))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    private long seqOf(ServerSentEvent<String> event) {
        assertThat(event.event()).isEqualTo("snapshot");
        JsonNode snapshot = JSON.readTree(event.data());
        assertThat(snapshot.path("providers").path(0).path("name").asString()).isEqualTo("sim");
        assertThat(event.id()).isEqualTo(snapshot.path("seq").asString());
        return snapshot.path("seq").asLong();
    }

    @Test
    void pageIsServedAtTheRootAndLoadsNothingFromElsewhere() {
        String page = web.get()
                .uri("/")
                .accept(MediaType.TEXT_HTML)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        Matcher references = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page);
        List<String> urls = references.results().map(r -> r.group(1)).toList();
        assertThat(urls)
                .contains("dashboard.css", "dashboard.js")
                .allSatisfy(url -> assertThat(url).doesNotContain("//"));
        for (String asset : List.of("/dashboard.css", "/dashboard.js")) {
            String text = getText(web, asset);
            assertThat(text).doesNotContain("url(", "@import", "fetch(", "https://");
        }
    }
}

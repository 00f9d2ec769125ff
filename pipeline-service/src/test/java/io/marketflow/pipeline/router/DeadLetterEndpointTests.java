package io.marketflow.pipeline.router;

import static io.marketflow.pipeline.TestRequests.expectProblem;
import static io.marketflow.pipeline.TestRequests.getJson;
import static io.marketflow.pipeline.TestRequests.getText;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import io.marketflow.testkit.WebAnswers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Bars the store refuses for good end in the pipeline's dead-letter files, are counted, shown in
 * {@code GET /rates}, the metrics and the dashboard, and an operator's replay re-sends them, deleting each
 * record only once the store has taken it. Against a stand-in store over real HTTP.
 */
@SpringBootTest(properties = {"MDP_RATE_IBKR_CAPACITY=1000", "MDP_ROUTER_LINGER_MS=20"})
@AutoConfigureWebTestClient
class DeadLetterEndpointTests {

    private static final Instant START = Instant.parse("2025-10-15T14:30:00Z");
    private static final FakeStore STORE = new FakeStore();

    @TempDir
    static Path dlq;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("MDP_STORE_URL", STORE::url);
        registry.add("MDP_DLQ_DIR", () -> dlq.toString());
    }

    @AfterAll
    static void stopStore() {
        STORE.close();
    }

    @Autowired
    WebTestClient web;

    @Autowired
    BarRouter router;

    @Autowired
    DeadLetterFiles files;

    private static List<Bar> bars(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> Bar.of("AAPL", "1m", START.plusSeconds(60L * i), 10, 11, 9, 10.5, i))
                .toList();
    }

    /** {@code POST /admin/dlq/replay<query>}, answered 200; the body, to check. */
    private WebTestClient.BodyContentSpec replay(String query) {
        return WebAnswers.postOk(web, "/admin/dlq/replay" + query);
    }

    @Test
    void refusedBarsAreParkedShownAndReplayedOnceTheStoreTakesThem() {
        List<Bar> bars = bars(4);
        STORE.then(FakeStore.Reply.invalidItems(1));

        List<List<Bar>> delivered =
                router.route("ibkr", Flux.fromIterable(bars)).collectList().block();

        assertThat(delivered).flatMap(batch -> batch).containsExactly(bars.get(0), bars.get(2), bars.get(3));
        assertThat(files.summary()).isEqualTo(new DeadLetterFiles.Summary(1, 1));
        getJson(web, "/rates")
                .jsonPath("$.dead_letters.records")
                .isEqualTo(1)
                .jsonPath("$.dead_letters.items")
                .isEqualTo(1)
                .jsonPath("$.providers.ibkr.dead_lettered")
                .isEqualTo(1)
                .jsonPath("$.providers.ibkr.base_rate")
                .exists();
        assertThat(getText(web, "/actuator/prometheus"))
                .containsPattern("pipeline_dead_letters_total\\{[^}]*provider=\"ibkr\"[^}]*} 1.0")
                .containsPattern("pipeline_dlq_items(\\{[^}]*})? 1.0");
        web.get()
                .uri("/dashboard/snapshot")
                .exchange()
                .expectBody()
                .jsonPath("$.providers[?(@.name == 'ibkr')].dead_lettered")
                .isEqualTo(List.of(1));

        // The store refuses it again: the record stays.
        STORE.then(FakeStore.Reply.invalidItems(0));
        replay("?max=10")
                .jsonPath("$.replayed_records")
                .isEqualTo(0)
                .jsonPath("$.refused_records")
                .isEqualTo(1)
                .jsonPath("$.remaining_records")
                .isEqualTo(1);
        assertThat(files.summary().records()).isEqualTo(1);

        // Now it takes it: the record is gone, the bar is the store's.
        replay("")
                .jsonPath("$.replayed_records")
                .isEqualTo(1)
                .jsonPath("$.replayed_items")
                .isEqualTo(1)
                .jsonPath("$.remaining_records")
                .isEqualTo(0);
        assertThat(files.summary()).isEqualTo(new DeadLetterFiles.Summary(0, 0));
        assertThat(STORE.accepted()).contains(bars.get(1));
        getJson(web, "/admin/dlq").jsonPath("$.records").isEqualTo(0);
    }

    @Test
    void replayKeepsRecordsWhileTheStoreIsUnavailable() throws Exception {
        files.append("ibkr", bars(2), "400 refused earlier", 1);
        STORE.then(FakeStore.Reply.status(503));

        replay("?max=5")
                .jsonPath("$.replayed_records")
                .isEqualTo(0)
                .jsonPath("$.remaining_records")
                .isEqualTo(1)
                .jsonPath("$.stopped_by")
                .value(reason -> assertThat(reason.toString()).contains("503"));
        assertThat(files.summary().records()).isEqualTo(1);

        replay("?max=5");
        assertThat(files.summary().records()).isZero();
    }

    @Test
    void replayRefusesAMaxOutOfRangeNamingIt() {
        for (String max : List.of("0", "10001", "many")) {
            expectProblem(web.post().uri("/admin/dlq/replay?max=" + max).exchange(), HttpStatus.BAD_REQUEST)
                    .jsonPath("$.type")
                    .isEqualTo("urn:marketflow:problem:invalid-parameter")
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("max");
        }
    }
}

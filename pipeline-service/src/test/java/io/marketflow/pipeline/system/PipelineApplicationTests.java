package io.marketflow.pipeline.system;

import static io.marketflow.pipeline.TestRequests.expectProblem;
import static io.marketflow.pipeline.TestRequests.feedback;
import static io.marketflow.pipeline.TestRequests.getJson;
import static io.marketflow.pipeline.TestRequests.getText;
import static io.marketflow.pipeline.TestRequests.postFeedback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.pipeline.LoopbackServers;
import io.marketflow.pipeline.status.PipelineStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole application without a webhook secret and with the feed on, sending to a stand-in store: unsigned
 * feedback, {@code GET /rates}, the contract's metrics, and bars arriving.
 */
@SpringBootTest(
        properties = {
            "MDP_FEED_ENABLED=true",
            "MDP_FB_PROVIDER_NAME=sim",
            "MDP_RATE_SIM_REFILL_RATE=500",
            // Six hours of history to send at once; live mode would send two bars a minute.
            "MDP_PROVIDER_SIM_MODE=backfill",
            "MDP_ROUTER_BATCH_SIZE=20",
            "MDP_ROUTER_LINGER_MS=20",
            "MDP_FB_STALE_AFTER_SEC=600",
            "MDP_ROUTER_SHUTDOWN_TIMEOUT_SEC=1"
        })
@AutoConfigureWebTestClient
@DirtiesContext // the feed must not keep running (and retrying) beside the other test classes
@ExtendWith(OutputCaptureExtension.class)
class PipelineApplicationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger barsAtStore = new AtomicInteger();
    private static final DisposableServer store = LoopbackServers.bind(routes -> routes.post(
            "/ingest",
            (request, response) -> request.receive().aggregate().asByteArray().flatMap(body -> {
                JsonNode bars = JSON.readTree(body);
                barsAtStore.addAndGet(bars.size());
                return response.status(202)
                        .header("Content-Type", "application/json")
                        .sendString(Mono.just("{\"accepted\":" + bars.size() + "}"))
                        .then();
            })));

    @DynamicPropertySource
    static void storeUrl(DynamicPropertyRegistry registry) {
        registry.add("MDP_STORE_URL", () -> LoopbackServers.url(store));
    }

    @AfterAll
    static void stopStore() {
        store.disposeNow();
    }

    @Autowired
    WebTestClient web;

    @Autowired
    PipelineStatus status;

    @Test
    void feedSendsSyntheticBarsToTheStoreAndCountsThem() {
        await().atMost(Duration.ofSeconds(20)).until(() -> barsAtStore.get() >= 200);

        assertThat(getText(web, "/actuator/prometheus"))
                .containsPattern("pipeline_bars_sent_total\\{[^}]*provider=\"sim\"[^}]*} [1-9]");
    }

    @Test
    void unsignedFeedbackIsAcceptedWhenNoSecretIsSet() {
        postFeedback(web, feedback("bars-coord", "ok", 1)).expectStatus().isNoContent();

        assertThat(status.feedback().coordinators())
                .anySatisfy(c -> assertThat(c.coordinatorId()).isEqualTo("bars-coord"));
    }

    @Test
    void malformedFeedbackIsA400NamingEachBrokenField() {
        String broken = feedback("", "ok", 1).replace("\"queue_size\":10", "\"queue_size\":-1");

        expectProblem(postFeedback(web, broken), HttpStatus.BAD_REQUEST)
                .jsonPath("$.errors[*].field")
                .value(fields -> assertThat(fields.toString()).contains("coordinator_id", "queue_size"));
    }

    @Test
    void feedbackMissingSeqOrWithBrokenJsonIsA400() {
        String withoutSeq = feedback("c", "ok", 1).replace(",\"seq\":1", "");
        postFeedback(web, withoutSeq)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("seq");

        expectProblem(postFeedback(web, "{\"coordinator_id\":"), HttpStatus.BAD_REQUEST);

        web.post().uri("/feedback").exchange().expectStatus().isBadRequest();
    }

    @Test
    void ratesShowEachProviderAndCoordinator() {
        postFeedback(web, feedback("rates-coord", "ok", 7, 100.0, 100))
                .expectStatus()
                .isNoContent();

        getJson(web, "/rates")
                .jsonPath("$.providers.sim.base_rate")
                .isEqualTo(500.0)
                .jsonPath("$.providers.sim.scale")
                .isNumber()
                .jsonPath("$.providers.sim.effective_rate")
                .isNumber()
                .jsonPath("$.providers.sim.pressure_level")
                .value(level -> assertThat(level).isIn("ok", "soft", "hard"))
                .jsonPath("$.coordinators.rates-coord.level")
                .isEqualTo("ok")
                .jsonPath("$.coordinators.rates-coord.seq")
                .isEqualTo(7)
                .jsonPath("$.coordinators.rates-coord.age_seconds")
                .isNumber()
                .jsonPath("$.coordinators.rates-coord.drain_rate")
                .isEqualTo(100.0)
                .jsonPath("$.coordinators.rates-coord.queue_delay_ms")
                .isEqualTo(100)
                .jsonPath("$.feedback.policy")
                .isEqualTo("pace")
                .jsonPath("$.feedback.paced_rate")
                .isNumber()
                .jsonPath("$.feedback.target_delay_seconds")
                .isEqualTo(0.25);
    }

    @Test
    void exposesTheContractsMetricsWithDescriptions() {
        postFeedback(web, feedback("metrics-coord", "ok", 1, 2500.0, 40))
                .expectStatus()
                .isNoContent();

        assertThat(getText(web, "/actuator/prometheus"))
                .contains("# HELP pipeline_rate_scale ")
                .containsPattern("pipeline_rate_scale\\{[^}]*provider=\"sim\"")
                .containsPattern("pipeline_effective_rate\\{[^}]*provider=\"sim\"")
                .containsPattern("pipeline_pressure_level\\{[^}]*provider=\"sim\"")
                .containsPattern("pipeline_bars_sent_total\\{[^}]*provider=\"sim\"")
                .containsPattern("pipeline_feedback_events_total\\{[^}]*coordinator_id=\"metrics-coord\""
                        + "[^}]*level=\"ok\"[^}]*outcome=\"applied\"")
                .containsPattern("pipeline_feedback_age_seconds\\{[^}]*coordinator_id=\"metrics-coord\"")
                .containsPattern("pipeline_store_capacity\\{[^}]*coordinator_id=\"metrics-coord\"[^}]*} 2500.0")
                .containsPattern(
                        "pipeline_store_queue_delay_seconds\\{[^}]*coordinator_id=\"metrics-coord\"[^}]*} 0.04")
                .containsPattern("pipeline_paced_rate\\{[^}]*provider=\"sim\"")
                .containsPattern("pipeline_paced_total_rate\\{")
                .containsPattern("pipeline_pace_target_delay_seconds\\{[^}]*} 0.25");
    }

    @Test
    void onlyHealthInfoAndPrometheusAreExposed() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
        web.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        web.get().uri("/actuator/metrics").exchange().expectStatus().isNotFound();
    }

    @Test
    void logsTheEffectiveSettingsOnceAtStartUp(CapturedOutput output) {
        assertThat(output.getAll())
                .containsOnlyOnce("pipeline settings: store_url=http://127.0.0.1:" + store.port())
                .contains(
                        "feed_enabled=true",
                        "policy=pace target_delay=250ms",
                        "webhook_secret=unset",
                        "sim[synthetic backfill 1m [AAPL, MSFT]");
    }
}

package io.marketflow.store.system;

import static io.marketflow.store.web.ProblemResponses.bearerChallenge;
import static io.marketflow.store.web.ProblemResponses.problem;

import io.marketflow.store.StoreApplication;
import io.marketflow.store.StoreTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The running store with {@code MDS_INGEST_API_KEYS} set: the key guards every endpoint but the actuator, and
 * errors raised outside controllers (the 401) and inside them come out as problem+json, not Boot's own error JSON.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + StoreApplication.CONFIG_NAME)
@AutoConfigureWebTestClient
class ApiKeyFilterIntegrationTests {

    static final String BAR = """
            [{"symbol":"KEY","timeframe":"1m","ts":"2025-10-15T14:30:00Z","open":1,"high":1,"low":1,"close":1,"volume":1}]""";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        StoreTestDatabase.register(registry, "apikeys");
        registry.add("MDS_DLQ_DIR", () -> "target/dlq-apikeys");
        registry.add("MDS_INGEST_API_KEYS", () -> " first-key , second-key ");
    }

    @Autowired
    WebTestClient http;

    @Test
    void everyDataEndpointNeedsAKey() {
        bearerChallenge(http.post()
                .uri("/ingest")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BAR)
                .exchange());
        http.get()
                .uri("/bars?symbol=KEY&timeframe=1m")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        http.get()
                .uri("/admin/dlq")
                .header(HttpHeaders.AUTHORIZATION, "Bearer third-key")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void aConfiguredKeyOpensThem() {
        http.post()
                .uri("/ingest?ack=committed")
                .header(HttpHeaders.AUTHORIZATION, "Bearer second-key")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BAR)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .json("{\"accepted\":1,\"written\":1}", true);
        http.get()
                .uri("/bars?symbol=KEY&timeframe=1m")
                .header(HttpHeaders.AUTHORIZATION, "Bearer first-key")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].symbol")
                .isEqualTo("KEY");
        http.get()
                .uri("/admin/dlq")
                .header(HttpHeaders.AUTHORIZATION, "Bearer first-key")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.records")
                .isNumber();
    }

    @Test
    void actuatorStaysOpen() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void mistakesAreProblemsInTheRunningApplication() {
        problem(
                http.get()
                        .uri("/ingest")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer first-key")
                        .exchange(),
                405);
        problem(
                http.post()
                        .uri("/ingest")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer first-key")
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue(BAR)
                        .exchange(),
                415);
        problem(
                http.post()
                        .uri("/ingest")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer first-key")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("[{\"symbol\":")
                        .exchange(),
                400);
        problem(
                        http.get()
                                .uri("/bars?symbol=KEY&timeframe=1m&limit=0")
                                .header(HttpHeaders.AUTHORIZATION, "Bearer first-key")
                                .accept(MediaType.APPLICATION_NDJSON)
                                .exchange(),
                        400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("limit");
        http.get()
                .uri("/nowhere")
                .header(HttpHeaders.AUTHORIZATION, "Bearer first-key")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
}

package io.marketflow.store.system;

import static io.marketflow.store.web.ProblemResponses.bearerChallenge;
import static io.marketflow.testkit.WebAnswers.invalidKey;
import static io.marketflow.testkit.WebAnswers.postWithKey;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.marketflow.store.web.ProblemRendering;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

class ApiKeyFilterTests {

    static final RouterFunction<ServerResponse> ROUTES = route(
                    POST("/ingest"), r -> ServerResponse.accepted().build())
            .andRoute(POST("/ingest/news"), r -> ServerResponse.accepted().build())
            .andRoute(GET("/bars"), r -> ServerResponse.ok().build())
            .andRoute(GET("/admin/dlq"), r -> ServerResponse.ok().build())
            .andRoute(GET("/actuator/health"), r -> ServerResponse.ok().build());

    static WebTestClient client(List<String> keys) {
        return WebTestClient.bindToRouterFunction(ROUTES)
                .webFilter(new ApiKeyFilter(keys))
                .apply(ProblemRendering.FIRST)
                .build();
    }

    final WebTestClient client = client(List.of("key-one", "key-two"));

    @Test
    void withoutKeysEverythingIsOpen() {
        WebTestClient open = client(List.of());

        open.post().uri("/ingest").exchange().expectStatus().isAccepted();
        open.get().uri("/bars").exchange().expectStatus().isOk();
        open.get().uri("/admin/dlq").exchange().expectStatus().isOk();
    }

    @Test
    void requestWithoutAKeyIs401ProblemAskingForBearer() {
        for (String path : List.of("/bars", "/admin/dlq", "/anything-else")) {
            bearerChallenge(client.get().uri(path).exchange())
                    .jsonPath("$.detail")
                    .isNotEmpty();
        }
        client.post().uri("/ingest/news").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void wrongKeyOrSchemeIs401() {
        invalidKey(postWithKey(client, "/ingest", "key-three"));
        for (String authorization : List.of("Basic a2V5LW9uZQ==", "Bearer ", "key-one", "Bearer key-one-and-more")) {
            client.post()
                    .uri("/ingest")
                    .header(HttpHeaders.AUTHORIZATION, authorization)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }
    }

    @Test
    void anyConfiguredKeyIsAccepted() {
        postWithKey(client, "/ingest", "key-one").expectStatus().isAccepted();
        client.get()
                .uri("/bars")
                .header(HttpHeaders.AUTHORIZATION, "bearer key-two")
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/admin/dlq")
                .header(HttpHeaders.AUTHORIZATION, "Bearer key-two")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void actuatorStaysOpen() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }
}

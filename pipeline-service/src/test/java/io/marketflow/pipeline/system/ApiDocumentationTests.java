package io.marketflow.pipeline.system;

import static io.marketflow.pipeline.TestRequests.getText;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's OpenAPI 3.1 document names the contract's endpoints, the webhook headers, the FeedbackEvent
 * fields and the statuses of {@code /feedback}; the browsable UI is served beside it.
 */
@SpringBootTest
@AutoConfigureWebTestClient
class ApiDocumentationTests {

    @Autowired
    WebTestClient web;

    @Test
    void describesFeedbackAndRatesAsTheContractNamesThem() {
        WebTestClient slow =
                web.mutate().responseTimeout(Duration.ofSeconds(90)).build();
        String body = getText(slow, "/v3/api-docs");
        JsonNode doc = JsonMapper.builder().build().readTree(body);

        assertThat(doc.path("openapi").asString()).startsWith("3.1");
        JsonNode feedback = doc.path("paths").path("/feedback").path("post");
        List<String> headers = new ArrayList<>();
        feedback.path("parameters")
                .forEach(parameter -> headers.add(parameter.path("name").asString()));
        assertThat(headers).contains("webhook-id", "webhook-timestamp", "webhook-signature");
        assertThat(feedback.path("requestBody").path("content").has("application/json"))
                .isTrue();
        assertThat(feedback.path("responses").propertyNames()).contains("204", "400", "401");
        assertThat(doc.path("components")
                        .path("schemas")
                        .path("FeedbackEvent")
                        .path("properties")
                        .propertyNames())
                .contains("coordinator_id", "queue_size", "capacity", "level", "ts", "seq");
        assertThat(doc.path("paths").path("/rates").has("get")).isTrue();
        for (JsonNode admin : List.of(
                doc.path("paths").path("/admin/dlq").path("get"),
                doc.path("paths").path("/admin/dlq/replay").path("post"))) {
            assertThat(admin.path("security").toString()).contains("bearer");
            assertThat(admin.path("responses").propertyNames()).contains("401");
        }
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asString())
                .isEqualTo("bearer");
        slow.get()
                .uri("/webjars/swagger-ui/index.html")
                .exchange()
                .expectStatus()
                .isOk();
    }
}

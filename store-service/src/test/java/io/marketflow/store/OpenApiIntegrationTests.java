package io.marketflow.store;

import static io.marketflow.testkit.WebAnswers.getText;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.testkit.WireFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI 3.1 document at {@code /v3/api-docs} describes every endpoint of the contract with its public
 * parameter names, body formats, statuses and the problem shape; the browsable UI is served beside it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIntegrationTests extends EmbeddedStoreTest {

    /** Endpoint → the query parameters the contract names for it. */
    static final Map<String, List<String>> CONTRACT_GETS = Map.of(
            "/bars", List.of("symbol", "timeframe", "from", "to", "limit", "tz"),
            "/bars/latest", List.of("symbols", "timeframe"),
            "/options", List.of("symbol", "expiry", "from", "to"),
            "/fundamentals", List.of("symbol"),
            "/news", List.of("symbol", "from", "to"),
            "/admin/dlq", List.of());

    static final List<String> INGEST =
            List.of("/ingest", "/ingest/bars", "/ingest/options", "/ingest/fundamentals", "/ingest/news");

    JsonNode doc;

    @BeforeAll
    void document() {
        // Generating the document the first time takes seconds on a loaded machine.
        String body =
                getText(http.mutate().responseTimeout(Duration.ofSeconds(90)).build(), "/v3/api-docs");
        doc = JsonMapper.builder().build().readTree(body);
    }

    static List<String> names(JsonNode parameters) {
        List<String> names = new ArrayList<>();
        parameters.forEach(parameter -> names.add(parameter.path("name").asString()));
        return names;
    }

    @Test
    void isOpenApi31() {
        assertThat(doc.path("openapi").asString()).startsWith("3.1");
    }

    @Test
    void everyReadEndpointHasTheContractsParameterNames() {
        CONTRACT_GETS.forEach((path, parameters) -> {
            JsonNode get = doc.path("paths").path(path).path("get");
            assertThat(get.isObject()).as("GET %s documented", path).isTrue();
            assertThat(names(get.path("parameters"))).as(path).containsAll(parameters);
            assertThat(get.path("responses").has("200")).as(path).isTrue();
            assertThat(get.path("responses").path("401").path("content").has("application/problem+json"))
                    .as(path)
                    .isTrue();
        });
        JsonNode bars =
                doc.path("paths").path("/bars").path("get").path("responses").path("200");
        assertThat(bars.path("content").propertyNames())
                .contains("application/json", "application/x-ndjson", "text/csv");
        assertThat(doc.path("paths")
                        .path("/bars")
                        .path("get")
                        .path("responses")
                        .path("200")
                        .path("headers")
                        .has("X-Bars-Source"))
                .isTrue();
    }

    @Test
    void everyIngestEndpointTakesJsonNdjsonAndCsvAndListsItsStatuses() {
        for (String path : INGEST) {
            JsonNode post = doc.path("paths").path(path).path("post");
            assertThat(names(post.path("parameters"))).as(path).contains("ack");
            assertThat(post.path("requestBody").path("content").propertyNames())
                    .as(path)
                    .contains("application/json", "application/x-ndjson", "text/csv");
            assertThat(post.path("responses").propertyNames())
                    .as(path)
                    .contains("200", "202", "400", "401", "413", "415", "429", "503");
            assertThat(post.path("responses").path("429").path("headers").has("Retry-After"))
                    .isTrue();
            assertThat(post.path("responses")
                            .path("200")
                            .path("content")
                            .path("application/json")
                            .path("schema")
                            .path("$ref")
                            .asString())
                    .as(path)
                    .isEqualTo("#/components/schemas/IngestResult");
        }
        assertThat(doc.path("components")
                        .path("schemas")
                        .path("IngestResult")
                        .path("properties")
                        .propertyNames())
                .containsExactlyInAnyOrder("accepted", "written", "dead_lettered");
        assertThat(names(
                        doc.path("paths").path("/admin/dlq/replay").path("post").path("parameters")))
                .contains("max");
    }

    @Test
    void problemsHaveTheRfc9457ShapeWithFieldErrors() {
        JsonNode problem =
                doc.path("components").path("schemas").path("Problem").path("properties");
        assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "errors", "error_count");
        assertThat(problem.path("errors").path("items").path("properties").propertyNames())
                .contains("index", "field", "message");
        assertThat(doc.path("components")
                        .path("schemas")
                        .path("Bar")
                        .path("properties")
                        .propertyNames())
                .containsAll(WireFields.BAR);
        assertThat(doc.path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asString())
                .isEqualTo("bearer");
    }

    @Test
    void theBrowsableUiIsServed() {
        http.mutate()
                .responseTimeout(Duration.ofSeconds(60))
                .build()
                .get()
                .uri("/webjars/swagger-ui/index.html")
                .exchange()
                .expectStatus()
                .isOk();
    }
}

package io.marketflow.pipeline.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.pipeline.status.PipelineStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every malformed body sent to {@code POST /feedback} gets the store's problem shape: 400
 * {@code application/problem+json} with a {@code type}, a {@code title}, a {@code detail} and {@code errors}
 * naming the field at fault, all in the client's terms: no Jackson wording, no Java class or package names.
 */
@SpringBootTest(properties = "MDP_FB_STALE_AFTER_SEC=600")
@AutoConfigureWebTestClient
class FeedbackProblemShapeTests {

    private static final String VALID = """
            {"coordinator_id":"shape-coord","queue_size":10,"capacity":100,"level":"hard","reason":null,\
            "ts":"2025-10-15T14:30:00Z","seq":1}""";

    /** What a client must never see: our class and package names, Jackson's and Java's vocabulary. */
    private static final List<String> INTERNALS = List.of(
            "io.marketflow",
            "tools.jackson",
            "com.fasterxml",
            "java.",
            "FeedbackEvent",
            "BackpressureLevel",
            "Instant",
            "Cannot deserialize",
            "Cannot construct",
            "deserializ",
            "creator",
            "[Source",
            "`",
            "StreamReadConstraints",
            "Exception");

    @Autowired
    WebTestClient web;

    @Autowired
    PipelineStatus status;

    private final JsonMapper json = JsonMapper.builder().build();

    private static String without(String field) {
        return VALID.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*),?", "").replace(",}", "}");
    }

    private static String with(String field, String value) {
        return VALID.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "\"" + field + "\":" + value);
    }

    /** name, body, the field {@code errors} must name (null: the body as a whole), problem type suffix. */
    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        // Not an object at all.
        cases.add(Arguments.of("array of numbers", "[1,2,3]", null, "malformed-body"));
        cases.add(Arguments.of("array holding an event", "[" + VALID + "]", null, "malformed-body"));
        cases.add(Arguments.of("empty array", "[]", null, "malformed-body"));
        cases.add(Arguments.of("string", "\"ok\"", null, "malformed-body"));
        cases.add(Arguments.of("number", "42", null, "malformed-body"));
        cases.add(Arguments.of("null", "null", null, "malformed-body"));
        cases.add(Arguments.of("empty body", "", null, "malformed-body"));
        cases.add(Arguments.of("whitespace body", "  \n ", null, "malformed-body"));
        // Not JSON.
        cases.add(Arguments.of("unterminated", "{\"coordinator_id\":", null, "malformed-body"));
        cases.add(Arguments.of("truncated", VALID.substring(0, VALID.length() / 2), null, "malformed-body"));
        cases.add(Arguments.of("single quotes", "{'coordinator_id':'x'}", null, "malformed-body"));
        cases.add(Arguments.of("NaN", with("queue_size", "NaN"), null, "malformed-body"));
        cases.add(Arguments.of("trailing garbage", VALID + "x", null, "malformed-body"));
        cases.add(Arguments.of("two objects", VALID + VALID, null, "malformed-body"));
        cases.add(Arguments.of("deeply nested", "[".repeat(5_000) + "]".repeat(5_000), null, "malformed-body"));
        // Wrong types.
        cases.add(Arguments.of("seq as a word", with("seq", "\"one\""), "seq", "invalid-event"));
        cases.add(Arguments.of("seq as an array", with("seq", "[1]"), "seq", "invalid-event"));
        cases.add(Arguments.of("seq fractional", with("seq", "1.5"), "seq", "invalid-event"));
        cases.add(Arguments.of("seq beyond 64 bits", with("seq", "1" + "0".repeat(400)), "seq", "invalid-event"));
        cases.add(Arguments.of("queue_size as an array", with("queue_size", "[]"), "queue_size", "invalid-event"));
        cases.add(Arguments.of(
                "queue_size beyond 32 bits", with("queue_size", "9999999999"), "queue_size", "invalid-event"));
        cases.add(Arguments.of("capacity as an object", with("capacity", "{}"), "capacity", "invalid-event"));
        cases.add(Arguments.of("capacity as a boolean", with("capacity", "true"), "capacity", "invalid-event"));
        cases.add(Arguments.of("level as a number", with("level", "2"), "level", "invalid-event"));
        cases.add(Arguments.of("level as an object", with("level", "{}"), "level", "invalid-event"));
        cases.add(Arguments.of("ts as a boolean", with("ts", "true"), "ts", "invalid-event"));
        cases.add(Arguments.of("ts as an array", with("ts", "[2025,10,15]"), "ts", "invalid-event"));
        cases.add(Arguments.of(
                "coordinator_id as an object", with("coordinator_id", "{}"), "coordinator_id", "invalid-event"));
        cases.add(Arguments.of("reason as an array", with("reason", "[\"x\"]"), "reason", "invalid-event"));
        cases.add(Arguments.of(
                "drain_rate as a word",
                VALID.replace("}", ",\"drain_rate\":\"fast\"}"),
                "drain_rate",
                "invalid-event"));
        cases.add(Arguments.of(
                "queue_delay_ms as an object",
                VALID.replace("}", ",\"queue_delay_ms\":{}}"),
                "queue_delay_ms",
                "invalid-event"));
        // Missing or null fields.
        for (String field : List.of("coordinator_id", "queue_size", "capacity", "level", "ts", "seq")) {
            cases.add(Arguments.of("missing " + field, without(field), field, "invalid-event"));
            cases.add(Arguments.of("null " + field, with(field, "null"), field, "invalid-event"));
        }
        // Out of range, bad enum, bad timestamps.
        cases.add(Arguments.of("negative queue_size", with("queue_size", "-5"), "queue_size", "invalid-event"));
        cases.add(Arguments.of("unknown level", with("level", "\"extreme\""), "level", "invalid-event"));
        cases.add(Arguments.of("upper-case level", with("level", "\"HARD\""), "level", "invalid-event"));
        cases.add(Arguments.of("ts a word", with("ts", "\"yesterday\""), "ts", "invalid-event"));
        cases.add(Arguments.of("ts impossible date", with("ts", "\"2025-13-45T00:00:00Z\""), "ts", "invalid-event"));
        cases.add(Arguments.of("ts without offset", with("ts", "\"2025-10-15T14:30:00\""), "ts", "invalid-event"));
        cases.add(Arguments.of("ts a date only", with("ts", "\"2025-10-15\""), "ts", "invalid-event"));
        cases.add(Arguments.of(
                "bad coordinator_id", with("coordinator_id", "\"has space\""), "coordinator_id", "invalid-event"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void malformedBodyIsTheStoresProblemShapeInTheClientsTerms(String name, String body, String field, String type) {
        byte[] response = web.post()
                .uri("/feedback")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .returnResult()
                .getResponseBody();

        String text = new String(response, java.nio.charset.StandardCharsets.UTF_8);
        JsonNode problem = json.readTree(text);
        assertThat(problem.path("type").asString()).isEqualTo("urn:marketflow:problem:" + type);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("detail").asString()).isNotBlank();
        JsonNode errors = problem.path("errors");
        assertThat(errors.isArray() && !errors.isEmpty())
                .as("errors in %s", text)
                .isTrue();
        List<String> fields = new ArrayList<>();
        errors.forEach(error -> {
            assertThat(error.path("message").asString())
                    .as("message in %s", text)
                    .isNotBlank();
            fields.add(error.has("field") ? error.get("field").asString() : null);
        });
        if (field == null) {
            assertThat(fields).as("errors of %s", text).containsOnlyNulls();
        } else {
            assertThat(fields).as("errors of %s", text).contains(field);
        }
        assertThat(problem.path("error_count").asInt()).isEqualTo(errors.size());
        for (String internal : INTERNALS) {
            assertThat(text).as("response to %s", name).doesNotContain(internal);
        }
        assertThat(status.feedback().coordinators()).as("nothing was applied").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldMessages")
    void eachFieldErrorSaysWhatTheFieldMustBe(String body, String field, String message) {
        web.post()
                .uri("/feedback")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == '" + field + "')].message")
                .isEqualTo(List.of(message));
    }

    static Stream<Arguments> fieldMessages() {
        return Map.of(
                        with("seq", "\"one\""), Map.entry("seq", "must be an integer"),
                        without("capacity"), Map.entry("capacity", "is required"),
                        with("ts", "\"yesterday\""),
                                Map.entry(
                                        "ts",
                                        "must be an ISO-8601 timestamp with offset, such as 2025-10-15T14:30:00Z"),
                        with("level", "\"extreme\""), Map.entry("level", "level must be one of ok, soft, hard"),
                        with("queue_size", "-5"), Map.entry("queue_size", "must be greater than or equal to 0"))
                .entrySet()
                .stream()
                .map(e -> Arguments.of(
                        e.getKey(), e.getValue().getKey(), e.getValue().getValue()));
    }
}

package io.marketflow.pipeline.feedback;

import static io.marketflow.pipeline.TestRequests.expectProblem;
import static io.marketflow.pipeline.TestRequests.feedback;
import static io.marketflow.pipeline.TestRequests.postFeedback;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.pipeline.status.PipelineStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
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

    private static final String VALID = feedback("shape-coord", "hard", 1);

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

    private static Arguments malformed(String name, String body) {
        return Arguments.of(name, body, null, "malformed-body");
    }

    private static Arguments invalid(String name, String field, String value) {
        return Arguments.of(name, with(field, value), field, "invalid-event");
    }

    /** name, body, the field {@code errors} must name (null: the body as a whole), problem type suffix. */
    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        // Not an object at all.
        cases.add(malformed("array of numbers", "[1,2,3]"));
        cases.add(malformed("array holding an event", "[" + VALID + "]"));
        cases.add(malformed("empty array", "[]"));
        cases.add(malformed("string", "\"ok\""));
        cases.add(malformed("number", "42"));
        cases.add(malformed("null", "null"));
        cases.add(malformed("empty body", ""));
        cases.add(malformed("whitespace body", "  \n "));
        // Not JSON.
        cases.add(malformed("unterminated", "{\"coordinator_id\":"));
        cases.add(malformed("truncated", VALID.substring(0, VALID.length() / 2)));
        cases.add(malformed("single quotes", "{'coordinator_id':'x'}"));
        cases.add(malformed("NaN", with("queue_size", "NaN")));
        cases.add(malformed("trailing garbage", VALID + "x"));
        cases.add(malformed("two objects", VALID + VALID));
        cases.add(malformed("deeply nested", "[".repeat(5_000) + "]".repeat(5_000)));
        // Wrong types, beyond the table of invalidValueIsTheStoresProblemShapeNamingTheField.
        cases.add(invalid("seq beyond 64 bits", "seq", "1" + "0".repeat(400)));
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
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void malformedBodyIsTheStoresProblemShapeInTheClientsTerms(String name, String body, String field, String type) {
        assertTheStoresProblemShapeInTheClientsTerms(name, body, field, type);
    }

    /** A valid event with one field's value replaced: wrong types, out of range, bad enum, bad timestamps. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            seq as a word               | seq            | "one"
            seq as an array             | seq            | [1]
            seq fractional              | seq            | 1.5
            queue_size as an array      | queue_size     | []
            queue_size beyond 32 bits   | queue_size     | 9999999999
            capacity as an object       | capacity       | {}
            capacity as a boolean       | capacity       | true
            level as a number           | level          | 2
            level as an object          | level          | {}
            ts as a boolean             | ts             | true
            ts as an array              | ts             | [2025,10,15]
            coordinator_id as an object | coordinator_id | {}
            reason as an array          | reason         | ["x"]
            negative queue_size         | queue_size     | -5
            unknown level               | level          | "extreme"
            upper-case level            | level          | "HARD"
            ts a word                   | ts             | "yesterday"
            ts impossible date          | ts             | "2025-13-45T00:00:00Z"
            ts without offset           | ts             | "2025-10-15T14:30:00"
            ts a date only              | ts             | "2025-10-15"
            bad coordinator_id          | coordinator_id | "has space"
            """)
    void invalidValueIsTheStoresProblemShapeNamingTheField(String name, String field, String value) {
        assertTheStoresProblemShapeInTheClientsTerms(name, with(field, value), field, "invalid-event");
    }

    private void assertTheStoresProblemShapeInTheClientsTerms(String name, String body, String field, String type) {
        byte[] response = expectProblem(postFeedback(web, body), HttpStatus.BAD_REQUEST)
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
        expectProblem(postFeedback(web, body), HttpStatus.BAD_REQUEST)
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

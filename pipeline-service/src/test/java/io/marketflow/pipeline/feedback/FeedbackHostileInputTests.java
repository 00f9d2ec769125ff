package io.marketflow.pipeline.feedback;

import static io.marketflow.pipeline.TestRequests.expectProblem;
import static io.marketflow.pipeline.TestRequests.feedback;
import static io.marketflow.pipeline.TestRequests.postFeedback;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.pipeline.status.PipelineStatus;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Hostile bodies sent to {@code POST /feedback} without a secret configured, so every one reaches the parser:
 * each gets a 4xx problem+json, never a 5xx, and none changes the pipeline's state.
 */
// The step policy holds the scale at exactly 1.0 until an event is applied, so "changes nothing" is a fixed value;
// under pace (the default) the scale ramps up with wall-clock time from the start, which would make it a race.
// Hostile bodies are refused by the reader before any policy sees them, so the policy does not matter otherwise.
@SpringBootTest(properties = {"MDP_FB_STALE_AFTER_SEC=600", "MDP_FB_POLICY=step"})
@AutoConfigureWebTestClient
class FeedbackHostileInputTests {

    private static final String VALID = feedback("hostile-coord", "hard", 1);

    @Autowired
    WebTestClient web;

    @Autowired
    PipelineStatus status;

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"coordinator_id\":"),
                Arguments.of("truncated body", VALID.substring(0, VALID.length() / 2)),
                Arguments.of("not an object", "[1,2,3]"),
                Arguments.of("empty body", ""),
                Arguments.of("wrong type for seq", VALID.replace("\"seq\":1", "\"seq\":\"one\"")),
                Arguments.of("wrong type for queue_size", VALID.replace("\"queue_size\":10", "\"queue_size\":[]")),
                Arguments.of("NaN", VALID.replace("\"queue_size\":10", "\"queue_size\":NaN")),
                Arguments.of("huge number", VALID.replace("\"seq\":1", "\"seq\":1" + "0".repeat(400))),
                Arguments.of("negative queue", VALID.replace("\"queue_size\":10", "\"queue_size\":-5")),
                Arguments.of("unknown level", VALID.replace("\"hard\"", "\"HARD!\"")),
                Arguments.of("missing level", VALID.replace("\"level\":\"hard\",", "")),
                Arguments.of("missing coordinator", VALID.replace("\"coordinator_id\":\"hostile-coord\",", "")),
                Arguments.of("control characters in id", VALID.replace("hostile-coord", "hostile\\u0000coord")),
                Arguments.of("oversized id", VALID.replace("hostile-coord", "x".repeat(10_000))),
                Arguments.of("bad timestamp", VALID.replace("2025-10-15T14:30:00Z", "yesterday")),
                Arguments.of("deeply nested", "[".repeat(5_000) + "]".repeat(5_000)),
                Arguments.of("big body", "{\"reason\":\"" + "x".repeat(3_000_000) + "\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void hostileBodyIsA4xxProblemAndChangesNothing(String name, String body) {
        postFeedback(web, body)
                .expectStatus()
                .is4xxClientError()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(status.feedback().coordinators()).as("nothing was applied").isEmpty();
        assertThat(status.feedback().scale()).isEqualTo(1.0);
    }

    @Test
    void wrongContentTypeIsA415Problem() {
        expectProblem(
                web.post()
                        .uri("/feedback")
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue(VALID)
                        .exchange(),
                HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(status.feedback().coordinators()).isEmpty();
    }

    @Test
    void wrongMethodIsA405Problem() {
        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE}) {
            expectProblem(web.method(method).uri("/feedback").exchange(), HttpStatus.METHOD_NOT_ALLOWED);
        }
    }
}

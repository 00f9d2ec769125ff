package io.marketflow.pipeline;

import io.marketflow.testkit.WebAnswers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the pipeline's web tests send again and again, and the answers they expect of it. */
public final class TestRequests {

    private TestRequests() {}

    /** A valid feedback event as the store sends it: queue 10 of 100, stamped 2025-10-15T14:30:00Z. */
    public static String feedback(String coordinatorId, String level, long seq) {
        return """
                {"coordinator_id":"%s","queue_size":10,"capacity":100,"level":"%s","reason":null,\
                "ts":"2025-10-15T14:30:00Z","seq":%d}""".formatted(coordinatorId, level, seq);
    }

    /** The same with the paced loop's measurements. */
    public static String feedback(String coordinatorId, String level, long seq, double drainRate, long queueDelayMs) {
        return feedback(coordinatorId, level, seq)
                .replace("}", ",\"drain_rate\":%s,\"queue_delay_ms\":%d}".formatted(drainRate, queueDelayMs));
    }

    /** {@code POST /feedback} with a JSON body, unsigned. */
    public static WebTestClient.ResponseSpec postFeedback(WebTestClient web, String body) {
        return web.post()
                .uri("/feedback")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** An {@code application/problem+json} answer with {@code status}; its body, to check further. */
    public static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, HttpStatus status) {
        return WebAnswers.problem(response, status.value());
    }

    /** {@code GET uri}, answered 200; the body, to check with JSON paths. */
    public static WebTestClient.BodyContentSpec getJson(WebTestClient web, String uri) {
        return WebAnswers.getJson(web, uri);
    }

    /** {@code GET uri}, answered 200; the body as text. */
    public static String getText(WebTestClient web, String uri) {
        return WebAnswers.getText(web, uri);
    }
}

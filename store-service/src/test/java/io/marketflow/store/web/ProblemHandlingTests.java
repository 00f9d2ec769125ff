package io.marketflow.store.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.marketflow.store.coordinator.CoordinatorClosedException;
import io.marketflow.store.coordinator.QueueFullException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

class ProblemHandlingTests {

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(ProblemHandling.retryAfterSeconds(null)).isEqualTo(1);
        assertThat(ProblemHandling.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(ProblemHandling.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(ProblemHandling.retryAfterSeconds(Duration.ofSeconds(1))).isEqualTo(1);
        assertThat(ProblemHandling.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(ProblemHandling.retryAfterSeconds(Duration.ofMillis(2500))).isEqualTo(3);
    }

    @Test
    void queueRefusedAtOnceIs429AndQueueTimedOutIs503() {
        var rejected = ProblemHandling.queueFull(QueueFullException.rejected(10, 2, Duration.ofMillis(1500)));
        var timedOut = ProblemHandling.queueFull(
                QueueFullException.timedOut(10, Duration.ofSeconds(5), Duration.ofSeconds(4)));

        assertThat(rejected.getStatusCode().value()).isEqualTo(429);
        assertThat(rejected.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(timedOut.getStatusCode().value()).isEqualTo(503);
        assertThat(timedOut.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("4");
    }

    @Test
    void shuttingDownIs503WithRetryAfter() {
        var problem = ProblemHandling.shuttingDown(new CoordinatorClosedException("bars-coord"));

        assertThat(problem.getStatusCode().value()).isEqualTo(503);
        assertThat(problem.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(problem.getBody().getDetail()).contains("bars-coord");
    }

    @Test
    void listsAtMostOneHundredErrorsAndCountsAll() {
        List<FieldError> errors = IntStream.range(0, 250)
                .mapToObj(i -> new FieldError(i, "open", "must be > 0"))
                .toList();

        var problem = ProblemHandling.invalidItems("250 of 300 items are invalid", errors, 250);

        assertThat((List<?>) problem.getBody().getProperties().get("errors")).hasSize(100);
        assertThat(problem.getBody().getProperties()).containsEntry("error_count", 250);
        assertThat(problem.getBody().getDetail()).isEqualTo("250 of 300 items are invalid");
    }

    @Test
    void anEmptyFieldNameMeansTheWholeItem() {
        assertThat(new FieldError(3, "", "must be a JSON object").field()).isNull();
    }

    @RestController
    static class FailingController {

        @GetMapping("/boom")
        Mono<String> boom() {
            return Mono.error(new IllegalStateException("password=hunter2"));
        }

        @GetMapping("/full")
        Mono<String> full() {
            throw QueueFullException.rejected(5, 0, Duration.ofSeconds(3));
        }
    }

    @Test
    void adviceRendersUnexpectedErrorsAs500WithoutTheirMessage() {
        WebTestClient client = WebTestClient.bindToController(new FailingController())
                .controllerAdvice(new ProblemHandlingAdvice())
                .build();

        client.get()
                .uri("/boom")
                .exchange()
                .expectStatus()
                .isEqualTo(500)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("\"status\":500").doesNotContain("hunter2"));
        client.get()
                .uri("/full")
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "3");
        client.get()
                .uri("/nowhere")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void webExceptionHandlerRendersErrorsOutsideControllers() {
        WebTestClient client = WebTestClient.bindToRouterFunction(route(
                                GET("/full"),
                                r -> Mono.error(ProblemHandling.queueFull(
                                        QueueFullException.timedOut(1, Duration.ofSeconds(5), Duration.ofMillis(200)))))
                        .andRoute(
                                GET("/boom"),
                                r -> Mono.<ServerResponse>error(new IllegalStateException("password=hunter2"))))
                .apply(ProblemRendering.FIRST)
                .build();

        client.get()
                .uri("/full")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:marketflow:problem:queue-full")
                .jsonPath("$.title")
                .isEqualTo("Write queue full")
                .jsonPath("$.status")
                .isEqualTo(503)
                .jsonPath("$.instance")
                .isEqualTo("/full");
        client.get()
                .uri("/boom")
                .exchange()
                .expectStatus()
                .isEqualTo(500)
                .expectBody(String.class)
                .value(body -> assertThat(body).doesNotContain("hunter2"));
    }
}

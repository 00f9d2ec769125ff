package io.marketflow.store.web;

import io.marketflow.testkit.WebAnswers;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Assertions on problem+json answers, shared by the HTTP tests of every feature. */
public final class ProblemResponses {

    private ProblemResponses() {}

    /** The answer is {@code status} as {@code application/problem+json}; returns its body for further checks. */
    public static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status) {
        return WebAnswers.problem(response, status);
    }

    /** A 400 problem whose first error names {@code field}. */
    public static WebTestClient.BodyContentSpec invalidParameter(WebTestClient.ResponseSpec response, String field) {
        return problem(response, 400).jsonPath("$.errors[0].field").isEqualTo(field);
    }

    /** A 401 problem that asks for a bearer token of the {@code marketflow} realm. */
    public static WebTestClient.BodyContentSpec bearerChallenge(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"marketflow\"")
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401);
    }
}

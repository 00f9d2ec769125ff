package io.marketflow.testkit;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The requests the store's and the pipeline's web tests send again and again, and the answers they expect of them.
 * The caller's classpath must hold Spring's test client (both services' tests have it; the kit declares it optional).
 */
public final class WebAnswers {

    private WebAnswers() {}

    /** {@code GET uri}, answered 200; the body, to check with JSON paths. */
    public static WebTestClient.BodyContentSpec getJson(WebTestClient web, String uri) {
        return web.get().uri(uri).exchange().expectStatus().isOk().expectBody();
    }

    /** {@code GET uri}, answered 200 with a content type compatible with {@code type}; the body, to check. */
    public static WebTestClient.BodyContentSpec getOk(WebTestClient web, String uri, MediaType type) {
        return web.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(type)
                .expectBody();
    }

    /** {@code GET uri}, answered 200; the body as text. */
    public static String getText(WebTestClient web, String uri) {
        return web.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** {@code POST uri} without a body, answered 200; the body, to check with JSON paths. */
    public static WebTestClient.BodyContentSpec postOk(WebTestClient web, String uri) {
        return web.post().uri(uri).exchange().expectStatus().isOk().expectBody();
    }

    /** {@code POST uri} without a body, with {@code Authorization: Bearer <key>}. */
    public static WebTestClient.ResponseSpec postWithKey(WebTestClient web, String uri, String key) {
        return web.post()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange();
    }

    /** A 401 that tells a bearer of the {@code marketflow} realm that its key is not valid. */
    public static WebTestClient.ResponseSpec invalidKey(WebTestClient.ResponseSpec response) {
        return response.expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"marketflow\", error=\"invalid_token\"");
    }

    /** The answer is {@code status} as {@code application/problem+json}; its body, to check further. */
    public static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody();
    }
}

package io.marketflow.store;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With {@code MDS_INGEST_API_KEYS} set, every read endpoint, the API document and CSV ingest need a key. */
@StoreIntegrationTest
class ReadAuthenticationIntegrationTests {

    static final String[] READS = {
        "/bars?symbol=A&timeframe=5m",
        "/bars/latest?symbols=A&timeframe=1m",
        "/options?symbol=A",
        "/fundamentals?symbol=A",
        "/news?symbol=A",
        "/v3/api-docs"
    };

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        StoreTestDatabase.registerWithDeadLetters(registry, "readauth");
        registry.add("MDS_INGEST_API_KEYS", () -> "read-key");
    }

    @Autowired
    WebTestClient client;

    WebTestClient http;

    @org.junit.jupiter.api.BeforeEach
    void slowFirstDocument() {
        // The OpenAPI document takes seconds to generate the first time on a loaded machine.
        http = client.mutate().responseTimeout(java.time.Duration.ofSeconds(90)).build();
    }

    @Test
    void everyReadNeedsAKey() {
        for (String uri : READS) {
            http.get()
                    .uri(uri)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            http.get()
                    .uri(uri)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer wrong-key")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
            http.get()
                    .uri(uri)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer read-key")
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        http.post()
                .uri("/ingest")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("symbol,timeframe,ts,open,high,low,close,volume\n")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }
}

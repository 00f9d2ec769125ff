package io.marketflow.store;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With {@code MDS_INGEST_API_KEYS} set, every read endpoint, the API document and CSV ingest need a key. */
@TestPropertySource(properties = "MDS_INGEST_API_KEYS=read-key")
class ReadAuthenticationIntegrationTests extends EmbeddedStoreTest {

    static final String[] READS = {
        "/bars?symbol=A&timeframe=5m",
        "/bars/latest?symbols=A&timeframe=1m",
        "/options?symbol=A",
        "/fundamentals?symbol=A",
        "/news?symbol=A",
        "/v3/api-docs"
    };

    @Test
    void everyReadNeedsAKey() {
        // The OpenAPI document takes seconds to generate the first time on a loaded machine.
        WebTestClient patient =
                http.mutate().responseTimeout(Duration.ofSeconds(90)).build();
        for (String uri : READS) {
            patient.get()
                    .uri(uri)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            patient.get()
                    .uri(uri)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer wrong-key")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
            patient.get()
                    .uri(uri)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer read-key")
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        patient.post()
                .uri("/ingest")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("symbol,timeframe,ts,open,high,low,close,volume\n")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }
}

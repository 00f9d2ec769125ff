package io.marketflow.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The write path end to end on a real PostgreSQL: HTTP in, rows out. */
class IngestIntegrationTests extends EmbeddedStoreTest {

    @Test
    void committedAckReturnsOnlyOnceTheRowsAreVisible() {
        postJson("/ingest?ack=committed", TestBars.jsonArray("CMT", 0, 250))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(250)
                .jsonPath("$.written")
                .isEqualTo(250);

        // No waiting: the acknowledgement promised the rows are committed.
        assertThat(count("SELECT count(*) FROM bars WHERE symbol = 'CMT'")).isEqualTo(250);
    }

    @Test
    void queuedAckIsWrittenShortlyAfter() {
        http.post()
                .uri("/ingest/bars?ack=queued")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(TestBars.ndjson("QUE", 0, 40))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(40);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("SELECT count(*) FROM bars WHERE symbol = 'QUE'") == 40);
    }

    @Test
    void reIngestingAKeyOverwritesTheRow() {
        String first = "[" + TestBars.bar("OVR", TestBars.START, 191.5) + "]";
        String second = "[" + TestBars.bar("OVR", TestBars.START, 195.25) + "]";
        for (String body : List.of(first, second)) {
            postJson("/ingest?ack=committed", body).expectStatus().isOk();
        }

        Double close = queryOne("SELECT close FROM bars WHERE symbol = 'OVR'", Double.class);
        assertThat(count("SELECT count(*) FROM bars WHERE symbol = 'OVR'")).isEqualTo(1);
        assertThat(close).isEqualTo(195.25);
    }

    /**
     * Versions of the same keys arrive faster than they are written and several workers are free to write them at
     * once; an earlier version written beside a later one could commit last. The last version must be what stays.
     * End to end, with the bars table's key hash; {@code KeyOrderTests} makes the race happen every time.
     */
    @Test
    void theLastOfQuicklyRepeatedVersionsOfAKeyIsTheOneKept() {
        int versions = 30;
        for (int version = 0; version < versions; version++) {
            String ack = version == versions - 1 ? "committed" : "queued";
            String body = "[" + String.join(",", TestBars.objects("VER", 0, 50, 190.0 + version)) + "]";
            postJson("/ingest?ack=" + ack, body).expectStatus().is2xxSuccessful();
        }

        // The last request's ack says its bars are written, and so every earlier version of their keys before them.
        assertThat(queryOne("SELECT array_agg(DISTINCT close)::text FROM bars WHERE symbol = 'VER'", String.class))
                .isEqualTo("{" + (190 + versions - 1) + "}");
        assertThat(count("SELECT count(*) FROM bars WHERE symbol = 'VER'")).isEqualTo(50);
    }

    @Test
    void invalidRequestIsRejectedWholeAndWritesNothing() {
        List<String> bars = new java.util.ArrayList<>(TestBars.objects("BAD", 0, 3, 191.5));
        bars.set(1, bars.get(1).replace("\"low\":189.0", "\"low\":193.0")); // low above open and close
        postJson("/ingest?ack=committed", "[" + String.join(",", bars) + "]")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].index")
                .isEqualTo(1)
                .jsonPath("$.errors[0].field")
                .isEqualTo("low");

        // A later committed request to the same coordinator is written after anything queued before it would
        // have been admitted; the bad request's good bars must still be absent.
        postJson("/ingest?ack=committed", TestBars.jsonArray("BAD2", 0, 1))
                .expectStatus()
                .isOk();
        assertThat(count("SELECT count(*) FROM bars WHERE symbol = 'BAD'")).isZero();
    }

    @Test
    void readsBarsBackOldestFirstWithinTheRange() {
        postJson("/ingest?ack=committed", TestBars.jsonArray("READ", 0, 10))
                .expectStatus()
                .isOk();

        http.get()
                .uri("/bars?symbol=READ&timeframe=1m&from=2025-10-15T14:32:00Z&to=2025-10-15T14:36:00Z&limit=3")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(3)
                .jsonPath("$[0].ts")
                .isEqualTo("2025-10-15T14:32:00Z")
                .jsonPath("$[2].ts")
                .isEqualTo("2025-10-15T14:34:00Z")
                .jsonPath("$[0].symbol")
                .isEqualTo("READ")
                .jsonPath("$[0].close")
                .isEqualTo(191.5);
    }

    @Test
    void theOtherThreeKindsLandInTheirTables() {
        Map<String, String> bodies = Map.of(
                "/ingest/options",
                "[{\"symbol\":\"AAPL\",\"expiry\":\"2025-12-19\",\"strike\":200.0,\"right\":\"C\","
                        + "\"ts\":\"2025-10-15T14:30:00Z\",\"bid\":1.2,\"ask\":1.3,\"last\":1.25,\"iv\":0.31,"
                        + "\"delta\":0.4,\"gamma\":0.02,\"open_interest\":1200,\"volume\":55}]",
                "/ingest/fundamentals",
                "[{\"symbol\":\"AAPL\",\"as_of\":\"2025-09-30\",\"market_cap\":3.5E12,\"pe_ratio\":31.2,\"eps\":6.1,"
                        + "\"revenue\":3.9E11,\"net_income\":9.4E10,\"shares_outstanding\":15000000000}]",
                "/ingest/news",
                "[{\"id\":\"n-1\",\"ts\":\"2025-10-15T14:30:00Z\",\"symbols\":[\"AAPL\",\"MSFT\"],"
                        + "\"headline\":\"Something happened\",\"source\":\"wire\",\"url\":\"https://example.com/1\","
                        + "\"summary\":\"Details\",\"sentiment\":0.25}]");
        bodies.forEach((path, body) -> postJson(path + "?ack=committed", body)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.written")
                .isEqualTo(1));

        assertThat(count("SELECT count(*) FROM option_snapshots WHERE option_right = 'C' AND open_interest = 1200"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM fundamentals WHERE symbol = 'AAPL'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM news WHERE 'MSFT' = ANY(symbols)"))
                .isEqualTo(1);
    }
}

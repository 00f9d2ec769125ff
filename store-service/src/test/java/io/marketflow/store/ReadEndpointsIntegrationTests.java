package io.marketflow.store;

import static io.marketflow.store.web.ProblemResponses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The read endpoints end to end on a real PostgreSQL: data written through {@code POST /ingest} (JSON and CSV)
 * and read back over HTTP, with rollups, the session zone of {@code MDS_SESSION_TZ}, CSV out, and each endpoint's
 * parameter errors, limits and empty answers.
 */
@StoreIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadEndpointsIntegrationTests {

    static final MediaType CSV = MediaType.parseMediaType("text/csv");

    /** Ten 1m bars from 2025-01-06T20:55Z: 15:55 to 16:04 in New York, in one New York day but two 5m buckets. */
    static final String BARS_CSV = "timeframe,symbol,ts,open,high,low,close,volume,trade_count\n"
            + IntStream.range(0, 10)
                    .mapToObj(i -> "1m,READ,2025-01-06T20:%02d:00Z,%d,%d,%d,%d,100,%d"
                            .formatted(55 + i - (i >= 5 ? 60 : 0), 10 + i, 11 + i, 9 + i, 10 + i, i)
                            .replace("T20:0", i >= 5 ? "T21:0" : "T20:0"))
                    .collect(Collectors.joining("\n"))
            + "\n";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        StoreTestDatabase.registerWithDeadLetters(registry, "reads");
        registry.add("MDS_SESSION_TZ", () -> "America/New_York");
    }

    @Autowired
    WebTestClient http;

    @BeforeAll
    void storeData() {
        post("/ingest?ack=committed", CSV, BARS_CSV);
        post("/ingest/options?ack=committed", MediaType.APPLICATION_JSON, """
                [{"symbol":"READ","expiry":"2025-12-19","strike":200,"right":"C","ts":"2025-10-15T14:31:00Z","bid":1},
                 {"symbol":"READ","expiry":"2025-12-19","strike":200,"right":"P","ts":"2025-10-15T14:30:00Z","bid":2},
                 {"symbol":"READ","expiry":"2026-01-16","strike":210,"right":"C","ts":"2025-10-15T14:30:00Z","bid":3}]""");
        post("/ingest/fundamentals?ack=committed", MediaType.APPLICATION_JSON, """
                [{"symbol":"READ","as_of":"2025-09-30","eps":2.5},{"symbol":"READ","as_of":"2025-06-30","eps":2.1}]""");
        post("/ingest/news?ack=committed", MediaType.APPLICATION_JSON, """
                [{"id":"n2","ts":"2025-10-15T15:00:00Z","symbols":["READ","OTHER"],"headline":"second"},
                 {"id":"n1","ts":"2025-10-15T14:00:00Z","symbols":["READ"],"headline":"first"},
                 {"id":"n3","ts":"2025-10-15T16:00:00Z","symbols":["OTHER"],"headline":"elsewhere"}]""");
    }

    void post(String uri, MediaType type, String body) {
        http.post()
                .uri(uri)
                .contentType(type)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
    }

    WebTestClient.ResponseSpec get(String uri) {
        return http.get().uri(uri).exchange();
    }

    /** A 200 whose body holds {@code count} bars, the first at {@code firstTs}; returns it for further checks. */
    WebTestClient.BodyContentSpec okBars(String uri, int count, String firstTs) {
        return get(uri).expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(count)
                .jsonPath("$[0].ts")
                .isEqualTo(firstTs);
    }

    @Test
    void storedMinuteBarsAreReadBackAsStored() {
        get("/bars?symbol=READ&timeframe=1m&limit=3")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Bars-Source", "stored")
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(3)
                .jsonPath("$[0].ts")
                .isEqualTo("2025-01-06T20:55:00Z")
                .jsonPath("$[0].trade_count")
                .isEqualTo(0);
    }

    @Test
    void fiveMinuteBarsAreRolledUpFromMinuteBars() {
        get("/bars?symbol=READ&timeframe=5m")
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Bars-Source", "rollup:1m")
                .expectBody()
                .json("""
                        [{"symbol":"READ","timeframe":"5m","ts":"2025-01-06T20:55:00Z","open":10.0,"high":15.0,"low":9.0,
                          "close":14.0,"volume":500.0,"trade_count":10},
                         {"symbol":"READ","timeframe":"5m","ts":"2025-01-06T21:00:00Z","open":15.0,"high":20.0,"low":14.0,
                          "close":19.0,"volume":500.0,"trade_count":35}]""", true);
    }

    @Test
    void daysFollowTheSessionZoneUnlessTzSaysOtherwise() {
        okBars("/bars?symbol=READ&timeframe=1d", 1, "2025-01-06T05:00:00Z")
                .jsonPath("$[0].volume")
                .isEqualTo(1000.0);
        get("/bars?symbol=READ&timeframe=1d&tz=UTC")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].ts")
                .isEqualTo("2025-01-06T00:00:00Z");
        problem(get("/bars?symbol=READ&timeframe=1d&tz=Mars/Olympus"), 400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("tz");
    }

    @Test
    void barsComeBackAsCsvThatIngestReadsAgain() {
        String csv = http.get()
                .uri("/bars?symbol=READ&timeframe=5m")
                .accept(CSV)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(CSV)
                .expectHeader()
                .valueEquals("X-Bars-Source", "rollup:1m")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(csv.lines().toList())
                .containsExactly(
                        "symbol,timeframe,ts,open,high,low,close,volume,vwap,trade_count,provider",
                        "READ,5m,2025-01-06T20:55:00Z,10,15,9,14,500,,10,",
                        "READ,5m,2025-01-06T21:00:00Z,15,20,14,19,500,,35,");

        http.post()
                .uri("/ingest/bars?ack=committed")
                .contentType(CSV)
                .bodyValue(csv.replace("READ,", "COPY,"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .json("{\"accepted\":2,\"written\":2}");
        get("/bars?symbol=COPY&timeframe=5m").expectHeader().valueEquals("X-Bars-Source", "stored");
    }

    @Test
    void csvWithABadRowQueuesNothingAndNamesTheRow() {
        http.post()
                .uri("/ingest?ack=committed")
                .contentType(CSV)
                .bodyValue("symbol,timeframe,ts,open,high,low,close,volume\n"
                        + "BAD,1m,2025-01-06T20:55:00Z,1,1,1,1,1\n"
                        + "BAD,1m,2025-01-06T20:56:00Z,1,0.5,1,1,1\n")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].index")
                .isEqualTo(1)
                .jsonPath("$.errors[0].field")
                .isEqualTo("high");
        get("/bars?symbol=BAD&timeframe=1m").expectBody().json("[]");
    }

    @Test
    void latestIsTheNewestBarPerSymbol() {
        okBars("/bars/latest?symbols=NOSUCH,READ&timeframe=1m", 1, "2025-01-06T21:04:00Z");
    }

    @Test
    void latestRefusesMissingBadOrTooManySymbols() {
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "S" + i).collect(Collectors.joining(","));
        http.get()
                .uri(builder -> builder.path("/bars/latest")
                        .queryParam("symbols", tooMany)
                        .queryParam("timeframe", "1m")
                        .build())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].message")
                .value(message -> assertThat((String) message).contains("at most 1000"));
        get("/bars/latest?timeframe=2m")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field")
                .isEqualTo(List.of("symbols", "timeframe"));
        get("/bars/latest?symbols=OK,NOT%20OK&timeframe=1m")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("symbols");
    }

    @Test
    void optionsAreReadBackOldestFirstAndByExpiry() {
        get("/options?symbol=READ")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].bid")
                .isEqualTo(List.of(2.0, 3.0, 1.0));
        get("/options?symbol=READ&expiry=2025-12-19&from=2025-10-15T14:31:00Z")
                .expectBody()
                .jsonPath("$[*].right")
                .isEqualTo(List.of("C"));
        get("/options?symbol=READ&limit=1").expectBody().jsonPath("$.length()").isEqualTo(1);
        get("/options?expiry=someday&limit=0")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field")
                .isEqualTo(List.of("symbol", "expiry", "limit"));
        get("/options?symbol=NONE").expectStatus().isOk().expectBody().json("[]");
    }

    @Test
    void fundamentalsAreReadBackOldestFirst() {
        get("/fundamentals?symbol=READ").expectStatus().isOk().expectBody().json("""
                        [{"symbol":"READ","as_of":"2025-06-30","eps":2.1},{"symbol":"READ","as_of":"2025-09-30","eps":2.5}]""", true);
        get("/fundamentals")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("symbol");
        get("/fundamentals?symbol=NONE").expectBody().json("[]");
    }

    @Test
    void newsIsReadBackBySymbolAndTime() {
        get("/news?symbol=READ")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].id")
                .isEqualTo(List.of("n1", "n2"));
        get("/news?from=2025-10-15T14:30:00Z&to=2025-10-15T16:00:00Z")
                .expectBody()
                .jsonPath("$[*].id")
                .isEqualTo(List.of("n2"));
        problem(get("/news?symbol=READ&from=2025-10-15T15:00:00Z&to=2025-10-15T14:00:00Z"), 400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("to");
        get("/news?symbol=NONE").expectBody().json("[]");
    }

    @Test
    void barsRefuseALimitOverTheMaximum() {
        get("/bars?symbol=READ&timeframe=1m&limit=10001")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("limit");
    }
}

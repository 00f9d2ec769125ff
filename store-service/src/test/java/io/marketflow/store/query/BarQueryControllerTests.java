package io.marketflow.store.query;

import static io.marketflow.store.web.ProblemResponses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import io.marketflow.store.web.ProblemHandlingAdvice;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /bars} over HTTP with an in-memory lookup: parameter errors and the response shapes. Reading from
 * PostgreSQL is covered by {@link R2dbcBarLookupIntegrationTests}.
 */
class BarQueryControllerTests {

    static final Bar FIRST = Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00Z"), 190, 192, 189, 191.5, 1000);
    static final Bar SECOND = new Bar(
            "AAPL", "1m", Instant.parse("2025-10-15T14:31:00Z"), 191.5, 193.0, 191.0, 192.0, 800.0, 191.9, 42L, "ibkr");

    final List<BarQuery> queries = new CopyOnWriteArrayList<>();
    final List<List<String>> latestSymbols = new CopyOnWriteArrayList<>();
    final WebTestClient client = WebTestClient.bindToController(new BarQueryController(
                    new BarLookup() {
                        @Override
                        public Mono<BarSeries> find(BarQuery query) {
                            queries.add(query);
                            return Mono.just(new BarSeries("rollup:1m", Flux.just(FIRST, SECOND)));
                        }

                        @Override
                        public Flux<Bar> latest(List<String> symbols, String timeframe) {
                            latestSymbols.add(symbols);
                            return Flux.just(SECOND);
                        }
                    },
                    ZoneId.of("America/New_York")))
            .controllerAdvice(new ProblemHandlingAdvice())
            .build();

    @Test
    void streamsBarsAsAJsonArrayInTheWireShape() {
        client.get()
                .uri("/bars?symbol=AAPL&timeframe=1m&from=2025-10-15T14:00:00Z&limit=2")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .json("""
                        [{"symbol":"AAPL","timeframe":"1m","ts":"2025-10-15T14:30:00Z","open":190.0,"high":192.0,
                          "low":189.0,"close":191.5,"volume":1000.0},
                         {"symbol":"AAPL","timeframe":"1m","ts":"2025-10-15T14:31:00Z","open":191.5,"high":193.0,
                          "low":191.0,"close":192.0,"volume":800.0,"vwap":191.9,"trade_count":42,"provider":"ibkr"}]""", true);

        assertThat(queries)
                .containsExactly(new BarQuery(
                        "AAPL", "1m", Instant.parse("2025-10-15T14:00:00Z"), null, 2, ZoneId.of("America/New_York")));
    }

    @Test
    void streamsOneBarPerLineWhenNdjsonIsAccepted() {
        String body = client.get()
                .uri("/bars?symbol=AAPL&timeframe=1m")
                .accept(MediaType.APPLICATION_NDJSON)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(body.lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"symbol\":\"AAPL\""));
    }

    @Test
    void badParametersAre400ProblemsNamingThem() {
        problem(client.get().uri("/bars?symbol=AAPL&timeframe=3m&limit=0").exchange(), 400)
                .jsonPath("$.status")
                .isEqualTo(400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("timeframe")
                .jsonPath("$.errors[1].field")
                .isEqualTo("limit")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("timeframe", "limit"));

        assertThat(queries).isEmpty();
    }

    @Test
    void missingSymbolIs400EvenWhenNdjsonIsAccepted() {
        problem(
                        client.get()
                                .uri("/bars?timeframe=1m")
                                .accept(MediaType.APPLICATION_NDJSON)
                                .exchange(),
                        400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("symbol");
    }

    @Test
    void wrongMethodIs405() {
        client.post()
                .uri("/bars?symbol=AAPL&timeframe=1m")
                .exchange()
                .expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
}

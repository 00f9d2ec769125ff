package io.marketflow.store.ingest;

import static io.marketflow.store.web.ProblemResponses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.coordinator.CoordinatorConfig;
import io.marketflow.store.coordinator.OverflowStrategy;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.ingest.TestCoordinators.MemorySink;
import io.marketflow.store.web.ProblemHandlingAdvice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code MDS_INGEST_MAX_FUTURE_SEC}: items dated further ahead of the store's clock are refused with a 400 naming
 * the item and its date field, for every kind. The clock is fixed, so the limit is tested to the second.
 */
class FutureDatedItemsTests {

    static final Instant NOW = Instant.parse("2025-10-16T00:00:00Z");
    static final Instant ONE_DAY_AHEAD = NOW.plus(Duration.ofDays(1));

    @RegisterExtension
    final StartedCoordinators started = new StartedCoordinators();

    final MemorySink<Bar> bars = new MemorySink<>();
    final MemorySink<OptionSnapshot> options = new MemorySink<>();
    final MemorySink<Fundamentals> fundamentals = new MemorySink<>();
    final MemorySink<NewsItem> news = new MemorySink<>();

    WebTestClient client(long maxFutureSec) {
        IngestSettings settings = new IngestSettings(Ack.COMMITTED, 1000, 1 << 20, Duration.ofSeconds(maxFutureSec), 0);
        IngestController controller = TestCoordinators.controller(
                running(bars),
                running(options),
                running(fundamentals),
                running(news),
                settings,
                IngestBodyReaderTests.VALIDATOR,
                Clock.fixed(NOW, ZoneOffset.UTC));
        return WebTestClient.bindToController(controller)
                .controllerAdvice(new ProblemHandlingAdvice())
                .build();
    }

    <T> WriteCoordinator<T> running(MemorySink<T> sink) {
        CoordinatorConfig config = TestCoordinators.config(100, OverflowStrategy.ERROR, Duration.ZERO);
        return started.running(config, sink);
    }

    static String bar(Instant ts) {
        return IngestBodyReaderTests.bar("AAPL", ts.toString(), 190, 192, 189, 191.5);
    }

    static String option(Instant ts) {
        return """
                {"symbol":"AAPL","expiry":"2025-12-19","strike":190,"right":"C","ts":"%s","bid":1.2,"ask":1.3}""".formatted(ts);
    }

    static String news(Instant ts) {
        return """
                {"id":"n-%s","ts":"%s","symbols":["AAPL"],"headline":"Apple ships"}""".formatted(ts.getEpochSecond(), ts);
    }

    static String fundamentals(String asOf) {
        return """
                {"symbol":"AAPL","as_of":"%s","market_cap":3.1e12,"pe_ratio":31.2}""".formatted(asOf);
    }

    WebTestClient.BodyContentSpec refused(WebTestClient client, String path, MediaType type, String body) {
        return problem(client.post().uri(path).contentType(type).bodyValue(body).exchange(), 400);
    }

    @Test
    void barDatedMoreThanADayAheadIsRefusedNamingTsAndItsIndex() {
        String body = "[" + bar(NOW) + "," + bar(ONE_DAY_AHEAD.plusSeconds(1)) + "]";

        refused(client(86_400), "/ingest", MediaType.APPLICATION_JSON, body)
                .jsonPath("$.errors.length()")
                .isEqualTo(1)
                .jsonPath("$.errors[0].index")
                .isEqualTo(1)
                .jsonPath("$.errors[0].field")
                .isEqualTo("ts")
                .jsonPath("$.errors[0].message")
                .value(message -> assertThat((String) message).contains("MDS_INGEST_MAX_FUTURE_SEC"));

        assertThat(bars.all()).as("nothing of the request is queued").isEmpty();
    }

    @Test
    void barDatedExactlyAtTheLimitIsAccepted() {
        client(86_400)
                .post()
                .uri("/ingest")
                .contentType(MediaType.APPLICATION_NDJSON)
                .bodyValue(bar(ONE_DAY_AHEAD) + "\n" + bar(NOW.minus(Duration.ofDays(3650))) + "\n")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(bars.written).hasSize(2);
    }

    @Test
    void limitComesFromTheSetting() {
        WebTestClient client = client(60);

        refused(client, "/ingest", MediaType.APPLICATION_JSON, "[" + bar(NOW.plusSeconds(61)) + "]")
                .jsonPath("$.errors[0].field")
                .isEqualTo("ts")
                .jsonPath("$.errors[0].message")
                .value(message -> assertThat((String) message).contains("60 seconds"));
        client.post()
                .uri("/ingest")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[" + bar(NOW.plusSeconds(60)) + "]")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void everyKindWithADateIsChecked() {
        WebTestClient client = client(86_400);
        Instant ahead = ONE_DAY_AHEAD.plusSeconds(1);

        refused(client, "/ingest/options", MediaType.APPLICATION_NDJSON, option(NOW) + "\n" + option(ahead))
                .jsonPath("$.errors[0].index")
                .isEqualTo(1)
                .jsonPath("$.errors[0].field")
                .isEqualTo("ts");
        refused(client, "/ingest/news", MediaType.APPLICATION_JSON, "[" + news(ahead) + "]")
                .jsonPath("$.errors[0].index")
                .isEqualTo(0)
                .jsonPath("$.errors[0].field")
                .isEqualTo("ts");
        // A date is ahead once its day starts after the limit: 2025-10-17 starts exactly at it, 2025-10-18 after.
        refused(client, "/ingest/fundamentals", MediaType.APPLICATION_JSON, "[" + fundamentals("2025-10-18") + "]")
                .jsonPath("$.errors[0].field")
                .isEqualTo("as_of");
        client.post()
                .uri("/ingest/fundamentals")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[" + fundamentals("2025-10-17") + "]")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(options.all()).isEmpty();
        assertThat(news.all()).isEmpty();
        assertThat(fundamentals.written).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void futureDateIsReportedAlongsideTheItemsOtherErrors() {
        String body = "[" + bar(ONE_DAY_AHEAD.plusSeconds(1)).replace("\"volume\":1000", "\"volume\":-1") + "]";

        refused(client(86_400), "/ingest", MediaType.APPLICATION_JSON, body)
                .jsonPath("$.errors[*].field")
                .value(fields -> assertThat((List<Object>) fields).containsExactly("ts", "volume"));
    }
}

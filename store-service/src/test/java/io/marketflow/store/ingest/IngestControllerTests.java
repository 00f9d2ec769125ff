package io.marketflow.store.ingest;

import static io.marketflow.store.ingest.IngestBodyReaderTests.validBar;
import static io.marketflow.store.web.ProblemResponses.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * The ingest endpoints over HTTP, in front of real write coordinators whose sinks are in memory: what the
 * client is told, and what reached (or did not reach) the queue.
 */
class IngestControllerTests {

    static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    @RegisterExtension
    final StartedCoordinators started = new StartedCoordinators();

    final MemorySink<Bar> bars = new MemorySink<>(bar -> bar.symbol().equals("POISON"));
    final MemorySink<OptionSnapshot> options = new MemorySink<>();
    final MemorySink<Fundamentals> fundamentals = new MemorySink<>();
    final MemorySink<NewsItem> news = new MemorySink<>();

    /** The budget of request-body bytes the clients below share: roomy, but a test can hold some of it. */
    final BodyBudget bodies = new BodyBudget(64 << 10);

    WebTestClient client(WriteCoordinator<Bar> barCoordinator, Ack defaultAck, int maxItems, long maxBytes) {
        CoordinatorConfig config = TestCoordinators.config(100, OverflowStrategy.ERROR, Duration.ZERO);
        IngestController controller = TestCoordinators.controller(
                barCoordinator,
                running(config, options),
                running(config, fundamentals),
                running(config, news),
                TestCoordinators.ingest(defaultAck, maxItems, maxBytes),
                IngestBodyReaderTests.VALIDATOR,
                Clock.systemUTC(),
                bodies);
        return WebTestClient.bindToController(controller)
                .controllerAdvice(new ProblemHandlingAdvice())
                .build();
    }

    /** Over a running bar coordinator with room for 100 items. */
    WebTestClient client(Ack defaultAck, int maxItems, long maxBytes) {
        return client(
                running(TestCoordinators.config(100, OverflowStrategy.ERROR, Duration.ZERO), bars),
                defaultAck,
                maxItems,
                maxBytes);
    }

    /** A client over {@code idle}, whose queue already holds the bars 0 to {@code items}, accepted. */
    WebTestClient clientWithQueued(WriteCoordinator<Bar> idle, int items) {
        WebTestClient client = client(idle, Ack.QUEUED, 1000, 1 << 20);
        post(client, "/ingest", MediaType.APPLICATION_JSON, array(0, items))
                .expectStatus()
                .isAccepted();
        return client;
    }

    static void assertPositiveSeconds(String retryAfter) {
        assertThat(Long.parseLong(retryAfter)).isPositive();
    }

    WebTestClient client() {
        return client(Ack.QUEUED, 1000, 1 << 20);
    }

    <T> WriteCoordinator<T> running(CoordinatorConfig config, MemorySink<T> sink) {
        return started.running(config, sink);
    }

    static String array(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(IngestBodyReaderTests::validBar)
                .collect(Collectors.joining(",", "[", "]"));
    }

    WebTestClient.ResponseSpec post(WebTestClient client, String uri, MediaType type, String body) {
        return client.post().uri(uri).contentType(type).bodyValue(body).exchange();
    }

    /** The answer is {@code status} with exactly the JSON {@code body}. */
    static void answers(WebTestClient.ResponseSpec response, int status, String body) {
        response.expectStatus().isEqualTo(status).expectBody().json(body, true);
    }

    @Test
    void queuesBarsAndAnswersAcceptedWithTheCount() {
        answers(post(client(), "/ingest", MediaType.APPLICATION_JSON, array(0, 3)), 202, "{\"accepted\":3}");

        await().atMost(Duration.ofSeconds(30)).until(() -> bars.written.size() == 3);
    }

    @Test
    void ingestBarsIsTheSameAsIngest() {
        post(client(), "/ingest/bars?ack=queued", MediaType.APPLICATION_NDJSON, validBar(0) + "\n" + validBar(1) + "\n")
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(2);
    }

    @Test
    void committedAckAnswersOnceWrittenWithWrittenCount() {
        answers(
                post(client(), "/ingest?ack=committed", MediaType.APPLICATION_JSON, array(0, 4)),
                200,
                "{\"accepted\":4,\"written\":4}");

        assertThat(bars.written).hasSize(4);
    }

    @Test
    void committedAckReportsDeadLetteredItems() {
        String body = "[" + validBar(0) + "," + validBar(1).replace("\"AAPL\"", "\"POISON\"") + "]";

        answers(
                post(client(), "/ingest?ack=committed", MediaType.APPLICATION_JSON, body),
                200,
                "{\"accepted\":2,\"written\":1,\"dead_lettered\":1}");

        assertThat(bars.deadLettered).extracting(Bar::symbol).containsExactly("POISON");
    }

    @Test
    void defaultAckComesFromTheSettings() {
        WebTestClient client = client(Ack.COMMITTED, 1000, 1 << 20);

        post(client, "/ingest", MediaType.APPLICATION_JSON, array(0, 2))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.written")
                .isEqualTo(2);
    }

    @Test
    void ingestsTheOtherThreeKinds() {
        WebTestClient client = client();
        String option = """
                [{"symbol":"AAPL","expiry":"2025-12-19","strike":190,"right":"C","ts":"2025-10-15T14:30:00Z","bid":1.2,"ask":1.3}]""";
        String fundamental = """
                {"symbol":"AAPL","as_of":"2025-09-30","market_cap":3.1e12,"pe_ratio":31.2,"shares_outstanding":15000000000}""";
        String newsItem = """
                [{"id":"n-1","ts":"2025-10-15T14:30:00Z","symbols":["AAPL"],"headline":"Apple ships","sentiment":0.4}]""";

        post(client, "/ingest/options?ack=committed", MediaType.APPLICATION_JSON, option)
                .expectStatus()
                .isOk();
        post(client, "/ingest/fundamentals?ack=committed", MediaType.APPLICATION_NDJSON, fundamental)
                .expectStatus()
                .isOk();
        post(client, "/ingest/news?ack=committed", MediaType.APPLICATION_JSON, newsItem)
                .expectStatus()
                .isOk();

        assertThat(options.written)
                .singleElement()
                .satisfies(o -> assertThat(o.right()).isEqualTo("C"));
        assertThat(fundamentals.written)
                .singleElement()
                .satisfies(f -> assertThat(f.sharesOutstanding()).isEqualTo(15_000_000_000L));
        assertThat(news.written)
                .singleElement()
                .satisfies(n -> assertThat(n.symbols()).containsExactly("AAPL"));
    }

    @Test
    void invalidItemsGet400ListingEachAndNothingIsQueued() {
        WriteCoordinator<Bar> idle =
                TestCoordinators.idle(TestCoordinators.config(100, OverflowStrategy.ERROR, Duration.ZERO), bars);
        String body = "[" + validBar(0) + "," + validBar(1).replace("\"volume\":1000", "\"volume\":-1") + ","
                + validBar(2).replace("\"1m\"", "\"7m\"") + "]";

        problem(post(client(idle, Ack.QUEUED, 1000, 1 << 20), "/ingest", MediaType.APPLICATION_JSON, body), 400)
                .jsonPath("$.status")
                .isEqualTo(400)
                .jsonPath("$.title")
                .isEqualTo("Invalid items")
                .jsonPath("$.type")
                .isNotEmpty()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("2 of 3 items"))
                .jsonPath("$.errors[0].index")
                .isEqualTo(1)
                .jsonPath("$.errors[0].field")
                .isEqualTo("volume")
                .jsonPath("$.errors[0].message")
                .isNotEmpty()
                .jsonPath("$.errors[1].index")
                .isEqualTo(2)
                .jsonPath("$.errors[1].field")
                .isEqualTo("timeframe")
                .jsonPath("$.error_count")
                .isEqualTo(2);

        assertThat(idle.health().queueSize()).isZero();
    }

    @Test
    void ndjsonWithABadLineInTheMiddleQueuesNothing() {
        WriteCoordinator<Bar> idle =
                TestCoordinators.idle(TestCoordinators.config(100, OverflowStrategy.ERROR, Duration.ZERO), bars);
        String body = validBar(0) + "\n{\"symbol\":\n" + validBar(2) + "\n";

        post(client(idle, Ack.QUEUED, 1000, 1 << 20), "/ingest", MediaType.APPLICATION_NDJSON, body)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(1)
                .jsonPath("$.errors[0].index")
                .isEqualTo(1);

        assertThat(idle.health().queueSize()).isZero();
    }

    @Test
    void clientMistakesInTheBodyAre400NotServerErrors() {
        WebTestClient client = client();
        List<String> bodies = List.of(
                "",
                "not json",
                "{\"symbol\":\"AAPL\"}",
                "[" + validBar(0).substring(0, 40),
                "[" + validBar(0).replace("190.0", "NaN") + "]",
                "[" + validBar(0).replace("190.0", "1e999999") + "]",
                "[" + validBar(0).replace("190.0", "1" + "0".repeat(2000)) + "]",
                "[".repeat(50_000),
                "[{\"symbol\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}]",
                "[" + validBar(0).replace("\"volume\":1000", "\"volume\":[1,2]") + "]",
                "[" + validBar(0).replace("\"volume\":1000", "\"volume\":true") + "]",
                "[" + validBar(0).replace("\"volume\":1000", "\"volume\":1000,\"trade_count\":99999999999999999999999")
                        + "]",
                "[1, \"two\", null]");

        for (String body : bodies) {
            problem(post(client, "/ingest", MediaType.APPLICATION_JSON, body), 400)
                    .jsonPath("$.detail")
                    .isNotEmpty();
        }
        assertThat(bars.all()).isEmpty();
    }

    @Test
    void unknownAckIs400NamingAck() {
        problem(post(client(), "/ingest?ack=eventually", MediaType.APPLICATION_JSON, array(0, 1)), 400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("ack")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("ack"));
    }

    @Test
    void bodyOverTheByteLimitIs413() {
        WebTestClient client = client(Ack.QUEUED, 1000, 2048);

        problem(post(client, "/ingest", MediaType.APPLICATION_JSON, array(0, 40)), 413)
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("MDS_INGEST_MAX_BYTES"));
        assertThat(bars.all()).isEmpty();
    }

    @Test
    void bodyStreamedWithoutContentLengthIsCutOffAtTheByteLimit() {
        WebTestClient client = client(Ack.QUEUED, 1000, 2048);
        var chunks = Flux.range(0, 40).map(i -> (i == 0 ? "[" : ",") + validBar(i));

        client.post()
                .uri("/ingest")
                .contentType(MediaType.APPLICATION_JSON)
                .body(chunks, String.class)
                .exchange()
                .expectStatus()
                .isEqualTo(413);
        assertThat(bars.all()).isEmpty();
    }

    @Test
    void aBodyBeyondTheBudgetOfBytesHeldIs503WithRetryAfterAndQueuesNothing() {
        WebTestClient client = client();
        BodyBudget.Hold others = bodies.open();
        assertThat(others.cover(bodies.limit() - 100)).isTrue();

        problem(post(client, "/ingest", MediaType.APPLICATION_JSON, array(0, 5)), 503)
                .jsonPath("$.type")
                .isEqualTo("urn:marketflow:problem:busy")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail)
                        .contains("MDS_INGEST_MAX_INFLIGHT_BYTES")
                        .contains("nothing of this request was queued"));
        client.post()
                .uri("/ingest")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Flux.range(0, 5).map(i -> (i == 0 ? "[" : ",") + validBar(i) + (i == 4 ? "]" : "")), String.class)
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "1");
        assertThat(bars.all()).isEmpty();
        assertThat(bodies.refusals()).isEqualTo(2);

        others.release();
        post(client, "/ingest", MediaType.APPLICATION_JSON, array(0, 5))
                .expectStatus()
                .isAccepted();
    }

    @Test
    void aBodyAloneIsReadEvenWhenLargerThanTheBudget() {
        WebTestClient client = client(Ack.QUEUED, 1000, 1 << 20);
        String body = array(0, 40) + " ".repeat((int) bodies.limit());

        post(client, "/ingest", MediaType.APPLICATION_JSON, body).expectStatus().isAccepted();
    }

    @Test
    void everyRequestGivesItsBytesBack() {
        WebTestClient client = client(Ack.QUEUED, 5, 1 << 20);

        post(client, "/ingest", MediaType.APPLICATION_JSON, array(0, 3))
                .expectStatus()
                .isAccepted();
        post(client, "/ingest?ack=committed", MediaType.APPLICATION_JSON, array(3, 6))
                .expectStatus()
                .isOk();
        post(client, "/ingest", MediaType.APPLICATION_JSON, "[{\"symbol\":1}]")
                .expectStatus()
                .isBadRequest();
        post(client, "/ingest", MediaType.APPLICATION_JSON, array(0, 9))
                .expectStatus()
                .isEqualTo(413);
        post(client, "/ingest", MediaType.APPLICATION_JSON, "[{").expectStatus().isBadRequest();

        await().atMost(Duration.ofSeconds(30)).until(() -> bodies.held() == 0);
    }

    @Test
    void aQueuedRequestHoldsItsBytesUntilItsItemsAreWritten() {
        WriteCoordinator<Bar> idle = started.add(
                TestCoordinators.idle(TestCoordinators.config(100, OverflowStrategy.ERROR, Duration.ZERO), bars));
        WebTestClient client = client(idle, Ack.QUEUED, 1000, 1 << 20);
        String body = array(0, 3);

        post(client, "/ingest", MediaType.APPLICATION_JSON, body).expectStatus().isAccepted();

        assertThat(bodies.held()).isEqualTo(body.length());
        idle.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> bodies.held() == 0);
        assertThat(bars.written).hasSize(3);
    }

    @Test
    void moreItemsThanTheItemLimitIs413() {
        WebTestClient client = client(Ack.QUEUED, 5, 1 << 20);

        post(
                        client,
                        "/ingest",
                        MediaType.APPLICATION_NDJSON,
                        array(0, 6).replace("},{", "}\n{").replaceAll("^\\[|\\]$", ""))
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("MDS_INGEST_MAX_ITEMS"));
        assertThat(bars.all()).isEmpty();
    }

    @Test
    void moreItemsThanTheQueueCapacityIs413NamingTheCapacity() {
        WebTestClient client = client(
                running(TestCoordinators.config(4, OverflowStrategy.ERROR, Duration.ZERO), bars),
                Ack.QUEUED,
                1000,
                1 << 20);

        post(client, "/ingest", MediaType.APPLICATION_JSON, array(0, 5))
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("capacity", "4"));
    }

    @Test
    void otherContentTypesAre415() {
        WebTestClient client = client();

        client.post()
                .uri("/ingest")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(array(0, 1))
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectHeader()
                .contentTypeCompatibleWith(PROBLEM);
        client.post()
                .uri("/ingest")
                .bodyValue(array(0, 1).getBytes())
                .exchange()
                .expectStatus()
                .isEqualTo(415);
        client.post()
                .uri("/ingest")
                .contentType(MediaType.parseMediaType("application/json;charset=UTF-16"))
                .bodyValue(array(0, 1).getBytes())
                .exchange()
                .expectStatus()
                .isEqualTo(415);
        assertThat(bars.all()).isEmpty();
    }

    @Test
    void theAnswerIsJsonForEveryAcceptThatAllowsIt() {
        WebTestClient client = client();

        for (String accept : List.of("*/*", "application/*", "application/json", "text/csv, application/json;q=0.1")) {
            client.post()
                    .uri("/ingest?ack=committed")
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.ACCEPT, accept)
                    .bodyValue(array(0, 2))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_JSON)
                    .expectHeader()
                    .contentLength("{\"accepted\":2,\"written\":2}".length())
                    .expectBody()
                    .json("{\"accepted\":2,\"written\":2}", true);
        }
    }

    @Test
    void aClientThatAcceptsNoJsonIs406BeforeAnyItemIsQueued() {
        WebTestClient client = client();

        for (String accept : List.of("text/csv", "application/json;q=0")) {
            problem(postAccepting(client, accept), 406)
                    .jsonPath("$.detail")
                    .isEqualTo("Acceptable representations: [application/json].");
        }
        // As everywhere in Spring: no problem body either, as none can be negotiated with such a header.
        postAccepting(client, "nonsense").expectStatus().isEqualTo(406);
        assertThat(bars.all()).isEmpty();
    }

    static WebTestClient.ResponseSpec postAccepting(WebTestClient client, String accept) {
        return client.post()
                .uri("/ingest?ack=committed")
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ACCEPT, accept)
                .bodyValue(array(0, 2))
                .exchange();
    }

    @Test
    void wrongMethodIs405WithAllow() {
        client().get()
                .uri("/ingest/bars")
                .exchange()
                .expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .contentTypeCompatibleWith(PROBLEM)
                .expectHeader()
                .value(HttpHeaders.ALLOW, allow -> assertThat(allow).contains("POST"));
    }

    @Test
    void fullQueueWithErrorStrategyIs429WithRetryAfter() {
        WriteCoordinator<Bar> idle =
                TestCoordinators.idle(TestCoordinators.config(4, OverflowStrategy.ERROR, Duration.ZERO), bars);
        WebTestClient client = clientWithQueued(idle, 3);

        post(client, "/ingest", MediaType.APPLICATION_JSON, array(3, 5))
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentTypeCompatibleWith(PROBLEM)
                .expectHeader()
                .value(HttpHeaders.RETRY_AFTER, IngestControllerTests::assertPositiveSeconds);

        assertThat(idle.health().queueSize()).isEqualTo(3);
    }

    @Test
    void fullQueueWithBlockStrategyTimesOutWith503AndRetryAfter() {
        WriteCoordinator<Bar> idle =
                TestCoordinators.idle(TestCoordinators.config(4, OverflowStrategy.BLOCK, Duration.ofMillis(50)), bars);
        WebTestClient client = clientWithQueued(idle, 4);

        post(client, "/ingest", MediaType.APPLICATION_JSON, array(4, 5))
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .value(HttpHeaders.RETRY_AFTER, IngestControllerTests::assertPositiveSeconds)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Write queue full");
        assertThat(idle.health().queueSize()).isEqualTo(4);
    }

    @Test
    void shuttingDownIs503WithRetryAfter() {
        WriteCoordinator<Bar> coordinator =
                TestCoordinators.running(TestCoordinators.config(10, OverflowStrategy.ERROR, Duration.ZERO), bars);
        coordinator.shutdown(Duration.ofSeconds(1));

        post(client(coordinator, Ack.QUEUED, 1000, 1 << 20), "/ingest", MediaType.APPLICATION_JSON, array(0, 1))
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Shutting down");
    }

    @Test
    void emptyArrayIsAcceptedAsZeroItems() {
        answers(
                post(client(), "/ingest?ack=committed", MediaType.APPLICATION_JSON, "[]"),
                200,
                "{\"accepted\":0,\"written\":0}");
    }

    @Test
    void emptyOrBlankBodyIs400ProblemInEveryFormatAndForEveryKind() {
        WebTestClient client = client();
        for (String path : List.of("/ingest", "/ingest/options", "/ingest/fundamentals", "/ingest/news")) {
            for (MediaType type : List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_NDJSON)) {
                for (String body : List.of("", " \n\t\r\n")) {
                    problem(post(client, path + "?ack=queued", type, body), 400)
                            .jsonPath("$.type")
                            .isEqualTo("urn:marketflow:problem:malformed-body")
                            .jsonPath("$.detail")
                            .value(detail -> assertThat((String) detail).contains("empty"));
                }
            }
        }
        assertThat(bars.all()).isEmpty();
    }
}

package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.InProcessStore;
import io.marketflow.store.StoreTables;
import io.marketflow.store.reliability.HostileRequest.Request;
import io.marketflow.store.reliability.StoreHttp.Reply;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A corpus of bad requests against every ingest endpoint: each one gets a 4xx {@code application/problem+json}
 * that says its status, none gets a 5xx, nothing of any of them reaches a table or the dead-letter queue, and
 * afterwards the store is healthy and answers a valid request at once. The store has a database to itself, so
 * "nothing written" is a row count of zero.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIntegrationTests {

    /** The store's default: 32 MiB. */
    static final long MAX_BYTES = 32L << 20;

    static final long FIFTY_MB = 50L << 20;

    @TempDir
    static Path dlq;

    static Map<String, String> settings;
    static InProcessStore store;
    static StoreHttp http;

    @BeforeAll
    static void start() {
        settings = new HashMap<>(SharedTestDatabase.newDatabase("hostile"));
        settings.put("MDS_DLQ_DIR", dlq.toString());
        settings.put("MDS_COORDINATOR_CAPACITY", "10000");
        settings.put("MDS_INGEST_MAX_BYTES", Long.toString(MAX_BYTES));
        store = InProcessStore.start(settings);
        http = new StoreHttp(store.url());
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    static Stream<Arguments> corpus() {
        return IngestKind.ALL.stream()
                .flatMap(kind -> HostileRequest.corpus().stream()
                        .filter(hostile -> hostile.build().apply(kind) != null)
                        .map(hostile -> Arguments.of(kind, hostile)));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void eachBadRequestGetsItsProblem(IngestKind kind, HostileRequest hostile) {
        Request request = hostile.build().apply(kind);
        Reply reply = http.send(
                request.method(),
                kind.path() + request.query(),
                request.contentType(),
                HttpRequest.BodyPublishers.ofByteArray(request.body()));

        assertProblem(reply, hostile.status());
        if (reply.status() == 400) {
            assertThat(reply.json().path("errors").isEmpty())
                    .as("errors: %s", reply)
                    .isFalse();
        }
        if (hostile.name().equals("NUL in free text")) {
            assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo(kind.textField());
            assertThat(reply.json().at("/errors/0/message").asString()).contains("NUL");
        }
        if (hostile.name().equals("year 300000")) {
            assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo(kind.timeField());
            assertThat(reply.json().at("/errors/0/message").asString()).contains("0001 to 9999");
        }
        if (hostile.name().startsWith("NDJSON with a bad line")) {
            assertThat(reply.json().path("errors").get(0).path("index").asInt()).isEqualTo(3);
        }
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void aFiftyMegabyteBodyIsTooLargeWhetherDeclaredOrStreamed(IngestKind kind) {
        // Whitespace between the brackets: the body is well-formed JSON that only its size makes wrong.
        for (boolean declared : List.of(true, false)) {
            Reply reply = http.send(
                    "POST",
                    kind.path(),
                    HostileRequest.JSON,
                    GeneratedBody.publisher("[", " ", "]", FIFTY_MB, declared));
            assertProblem(reply, 413);
        }
    }

    @Order(3)
    @Test
    void aFiftyMegabyteStreamOfValidItemsIsTooLarge() {
        Reply reply = http.send(
                "POST",
                "/ingest",
                HostileRequest.NDJSON,
                GeneratedBody.publisher("", IngestKind.BARS.item() + "\n", "", FIFTY_MB, false));
        assertProblem(reply, 413);
    }

    @Order(4)
    @ParameterizedTest
    @ValueSource(strings = {"/feedback", "/ingest/trades", "/admin", "/actuator/env"})
    void pathsTheStoreDoesNotHaveAreNotFound(String path) {
        assertProblem(http.post(path, HostileRequest.JSON, "{}"), 404);
    }

    @Order(10)
    @Test
    void nothingOfAnyBadRequestWasWrittenOrDeadLettered() throws Exception {
        for (var entry : store.lanes().all()) {
            assertThat(entry.coordinator().awaitIdle(Duration.ofSeconds(10))).isTrue();
        }
        StoreTables tables = new StoreTables(settings);
        for (String table : StoreTables.ALL) {
            assertThat(tables.count(table)).as(table).isZero();
        }
        assertThat(DeadLetterItems.records(dlq)).isZero();
    }

    @Order(11)
    @Test
    void theStoreIsHealthyAndFastAfterwards() throws Exception {
        Reply health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");

        for (IngestKind kind : IngestKind.ALL) {
            long started = System.nanoTime();
            Reply reply = http.post(kind.path() + "?ack=committed", HostileRequest.JSON, "[" + kind.item() + "]");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(reply.status()).as("%s %s", kind, reply).isEqualTo(200);
            assertThat(reply.json().path("written").asInt()).isEqualTo(1);
            assertThat(took).as(kind.path()).isLessThan(Duration.ofSeconds(3));
        }
        StoreTables tables = new StoreTables(settings);
        assertThat(tables.count("bars")).isEqualTo(1); // /ingest and /ingest/bars wrote the same key
        assertThat(tables.count("option_snapshots")).isEqualTo(1);
        assertThat(tables.count("fundamentals")).isEqualTo(1);
        assertThat(tables.count("news")).isEqualTo(1);
    }

    static Stream<IngestKind> endpoints() {
        return IngestKind.ALL.stream();
    }

    private static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.isProblem()).as("problem+json: %s", reply).isTrue();
        assertThat(reply.json().path("status").asInt()).as("%s", reply).isEqualTo(status);
    }
}

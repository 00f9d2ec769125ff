package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.RunningStore;
import io.marketflow.store.reliability.StoreHttp.Reply;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated ingest requests: valid items of every kind whose fields get values of random types, then random edits
 * of the text (characters flipped, dropped, doubled or inserted, the body cut short, items nested). Whatever
 * arrives, the store answers 2xx or a 4xx problem+json, never a 5xx; and when it acknowledges a request with
 * {@code ack=committed}, every item is written: nothing the edge accepts is refused by the database.
 */
class IngestFuzzIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Path dlq;
    static RunningStore store;
    static StoreHttp http;

    @BeforeContainer
    static void start() throws IOException {
        dlq = Files.createTempDirectory("fuzz-dlq");
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase("fuzz"));
        settings.put("MDS_DLQ_DIR", dlq.toString());
        store = RunningStore.start(settings);
        http = new StoreHttp(store.url());
    }

    @AfterContainer
    static void stop() throws IOException {
        if (store != null) {
            store.close();
        }
        try (Stream<Path> files = Files.walk(dlq)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void anyBodyGetsAnAnswerOrAProblemButNeverAServerError(
            @ForAll("requests") Tuple.Tuple3<IngestKind, String, String> request) {
        IngestKind kind = request.get1();
        String contentType = request.get2();
        String body = request.get3();

        Reply reply = http.post(kind.path() + "?ack=committed", contentType, body);

        Statistics.collect(reply.status());
        assertThat(reply.status()).as("%s", reply).isLessThan(500);
        if (reply.status() / 100 == 2) {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().path("written").asInt())
                    .as("written of %s", reply)
                    .isEqualTo(reply.json().path("accepted").asInt());
        } else {
            assertThat(reply.status()).as("%s", reply).isBetween(400, 499);
            assertThat(reply.isProblem()).as("%s", reply).isTrue();
            assertThat(reply.json().path("status").asInt()).isEqualTo(reply.status());
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple3<IngestKind, String, String>> requests() {
        Arbitrary<IngestKind> kinds = Arbitraries.of(IngestKind.ALL);
        Arbitrary<Boolean> ndjson = Arbitraries.of(true, false);
        return Combinators.combine(kinds, ndjson, Arbitraries.integers().between(1, 3))
                .flatAs((kind, lines, count) -> items(kind).list().ofSize(count).flatMap(items -> {
                    String body = lines ? String.join("\n", items) + "\n" : "[" + String.join(",", items) + "]";
                    return edits().list().ofMaxSize(3).map(list -> {
                        String edited = body;
                        for (Edit edit : list) {
                            edited = edit.apply(edited);
                        }
                        return Tuple.of(kind, lines ? HostileRequest.NDJSON : HostileRequest.JSON, edited);
                    });
                }));
    }

    /** A valid item of {@code kind} with up to three of its fields set to random JSON values. */
    private static Arbitrary<String> items(IngestKind kind) {
        List<String> fields = List.copyOf(kind.valid().keySet());
        Arbitrary<Tuple.Tuple2<String, String>> change =
                Combinators.combine(Arbitraries.of(fields), values()).as(Tuple::of);
        return change.list().ofMaxSize(3).map(changes -> {
            Map<String, String> overrides = new LinkedHashMap<>();
            changes.forEach(c -> overrides.put(c.get1(), c.get2()));
            return kind.with(overrides);
        });
    }

    /** Raw JSON values of every type, well-formed or not. */
    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.longs().map(l -> Long.toString(l)),
                Arbitraries.bigIntegers()
                        .between(BigInteger.ZERO, BigInteger.TEN.pow(30))
                        .map(Object::toString),
                Arbitraries.strings().all().ofMaxLength(40).map(IngestFuzzIntegrationTests::jsonString),
                Arbitraries.strings()
                        .withChars("AZaz09._:/-")
                        .ofMinLength(0)
                        .ofMaxLength(40)
                        .map(IngestFuzzIntegrationTests::jsonString),
                Arbitraries.integers()
                        .between(-300_000, 300_000)
                        .map(year -> jsonString(String.format("%+07d-01-01T00:00:00Z", year))),
                Arbitraries.of(
                        "true",
                        "false",
                        "null",
                        "NaN",
                        "-Infinity",
                        "1e400",
                        "-0",
                        "0",
                        "-1",
                        "1.5",
                        "[]",
                        "{}",
                        "\"\"",
                        "\"NaN\"",
                        "\"1m\"",
                        "\"C\"",
                        "\"2025-12-19\"",
                        "\"2025-10-15T14:30:00Z\"",
                        "\"2025-10-15T14:30:00\"",
                        "[\"AAPL\",null]",
                        "{\"a\":[1,{\"b\":2}]}",
                        "\"\\u0000\"",
                        "\"\\ud800\"",
                        "\"\\u2028\""),
                Arbitraries.integers().between(1, 40).map(depth -> "[".repeat(depth) + "1" + "]".repeat(depth)));
    }

    private static Arbitrary<Edit> edits() {
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1);
        Arbitrary<String> snippets = Arbitraries.oneOf(
                Arbitraries.chars().map(String::valueOf),
                Arbitraries.of(
                        "\"",
                        "{",
                        "}",
                        "[",
                        "]",
                        ",",
                        ":",
                        "\\",
                        "\n",
                        "\u0000",
                        "\\u0000",
                        "\\ud800",
                        "NaN",
                        "é",
                        "\uD83D\uDE00",
                        "\u2028",
                        "{\"a\":",
                        "[[[[",
                        ",,"));
        return Combinators.combine(
                        Arbitraries.of(Edit.Kind.values()),
                        at,
                        Arbitraries.integers().between(1, 8),
                        snippets)
                .as(Edit::new);
    }

    private static String jsonString(String text) {
        return JSON.writeValueAsString(text);
    }

    /** One edit of the body's text at a relative position. */
    record Edit(Kind kind, double at, int length, String snippet) {

        enum Kind {
            FLIP,
            DROP,
            DOUBLE,
            INSERT,
            CUT
        }

        String apply(String text) {
            if (text.isEmpty()) {
                return snippet;
            }
            int i = Math.min(text.length() - 1, (int) (at * text.length()));
            int end = Math.min(text.length(), i + length);
            return switch (kind) {
                case FLIP -> text.substring(0, i) + snippet + text.substring(i + 1);
                case DROP -> text.substring(0, i) + text.substring(end);
                case DOUBLE -> text.substring(0, end) + text.substring(i, end) + text.substring(end);
                case INSERT -> text.substring(0, i) + snippet + text.substring(i);
                case CUT -> text.substring(0, i);
            };
        }
    }
}

package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.InProcessStore;
import io.marketflow.store.reliability.StoreHttp.Reply;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated ingest requests: valid items of every kind whose fields get values of random types, then random edits
 * of the text (characters flipped, dropped, doubled or inserted, the body cut short, items nested). Whatever
 * arrives, the store answers 2xx or a 4xx problem+json, never a 5xx; and when it acknowledges a request with
 * {@code ack=committed}, every item is written: nothing the edge accepts is refused by the database.
 *
 * <p>A seeded random generator, so a failure names the seed and the body that reproduce it
 * ({@code -Dfuzz.seed=...} replays a run).
 */
class IngestFuzzIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TRIES = 300;

    static Path dlq;
    static InProcessStore store;
    static StoreHttp http;

    @BeforeAll
    static void start() throws IOException {
        dlq = Files.createTempDirectory("fuzz-dlq");
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase("fuzz"));
        settings.put("MDS_DLQ_DIR", dlq.toString());
        store = InProcessStore.start(settings);
        http = new StoreHttp(store.url());
    }

    @AfterAll
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

    @Test
    void anyBodyGetsAnAnswerOrAProblemButNeverAServerError() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < TRIES; i++) {
            IngestKind kind = IngestKind.ALL.get(random.nextInt(IngestKind.ALL.size()));
            boolean ndjson = random.nextBoolean();
            List<String> items = new ArrayList<>();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                items.add(item(kind, random));
            }
            String body = ndjson ? String.join("\n", items) + "\n" : "[" + String.join(",", items) + "]";
            for (int e = random.nextInt(4); e > 0; e--) {
                body = edit(random).apply(body);
            }
            String contentType = ndjson ? HostileRequest.NDJSON : HostileRequest.JSON;

            Reply reply = http.post(kind.path() + "?ack=committed", contentType, body);

            String context = "seed " + seed + ", try " + i + ", " + kind + " body " + body + " -> " + reply;
            assertThat(reply.status()).as(context).isLessThan(500);
            if (reply.status() / 100 == 2) {
                assertThat(reply.status()).as(context).isEqualTo(200);
                assertThat(reply.json().path("written").asInt())
                        .as(context)
                        .isEqualTo(reply.json().path("accepted").asInt());
            } else {
                assertThat(reply.status()).as(context).isBetween(400, 499);
                assertThat(reply.isProblem()).as(context).isTrue();
                assertThat(reply.json().path("status").asInt()).as(context).isEqualTo(reply.status());
            }
        }
    }

    /** A valid item of {@code kind} with up to three of its fields set to random JSON values. */
    private static String item(IngestKind kind, Random random) {
        List<String> fields = List.copyOf(kind.valid().keySet());
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            overrides.put(fields.get(random.nextInt(fields.size())), value(random));
        }
        return kind.with(overrides);
    }

    private static final List<String> SPECIAL_VALUES = List.of(
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
            "\"\\u2028\"");

    /** Raw JSON values of every type, well-formed or not. */
    private static String value(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 1 -> Long.toString(random.nextLong());
            case 2 -> new BigInteger(100, random).toString();
            case 3 -> jsonString(randomText(random, 40, null));
            case 4 -> jsonString(randomText(random, 40, "AZaz09._:/-"));
            case 5 -> jsonString(String.format("%+07d-01-01T00:00:00Z", random.nextInt(600_001) - 300_000));
            case 6 -> {
                int depth = 1 + random.nextInt(40);
                yield "[".repeat(depth) + "1" + "]".repeat(depth);
            }
            default -> SPECIAL_VALUES.get(random.nextInt(SPECIAL_VALUES.size()));
        };
    }

    private static String randomText(Random random, int maxLength, String alphabet) {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            text.append(
                    alphabet == null
                            ? (char) random.nextInt(0x10000)
                            : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static final List<String> SNIPPETS = List.of(
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
            ",,");

    private static Edit edit(Random random) {
        String snippet = random.nextInt(4) == 0
                ? String.valueOf((char) random.nextInt(0x10000))
                : SNIPPETS.get(random.nextInt(SNIPPETS.size()));
        return new Edit(
                Edit.Kind.values()[random.nextInt(Edit.Kind.values().length)],
                random.nextDouble(),
                1 + random.nextInt(8),
                snippet);
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

package io.marketflow.store.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One bad request of the hostile-input corpus, built for a given ingest endpoint, with the status the store
 * must answer. {@link #corpus()} is the whole corpus; a case that does not apply to an endpoint (a high below
 * the low where there is no high) builds {@code null}.
 */
record HostileRequest(String name, int status, Function<IngestKind, Request> build) {

    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";

    /** What goes on the wire: a {@code null} content type sends none. */
    record Request(String method, String query, String contentType, byte[] body) {

        static Request json(String body) {
            return new Request("POST", "", JSON, body.getBytes(StandardCharsets.UTF_8));
        }

        static Request ndjson(String body) {
            return new Request("POST", "", NDJSON, body.getBytes(StandardCharsets.UTF_8));
        }

        static Request jsonArray(String... items) {
            return json("[" + String.join(",", items) + "]");
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * One item whose {@code field} (an optional field of the kind, such as its free-text field) is the JSON
     * {@code value}; {@code null}, not applicable, for a kind without such a field.
     */
    private static Function<IngestKind, Request> ifPresent(Function<IngestKind, String> field, String value) {
        return k -> field.apply(k) == null ? null : Request.jsonArray(k.with(field.apply(k), value));
    }

    static List<HostileRequest> corpus() {
        List<HostileRequest> corpus = new ArrayList<>();
        // Not JSON, or not the JSON the endpoint takes.
        corpus.add(new HostileRequest("malformed JSON", 400, k -> Request.json("[{\"symbol\":\"AAPL\",,}]")));
        corpus.add(new HostileRequest("not JSON at all", 400, k -> Request.json("hello, store")));
        corpus.add(new HostileRequest("truncated array", 400, k -> {
            String body = "[" + k.item() + "," + k.item() + "]";
            return Request.json(body.substring(0, body.length() / 2 + 3));
        }));
        corpus.add(new HostileRequest("truncated NDJSON line", 400, k -> {
            String item = k.item();
            return Request.ndjson(item + "\n" + item.substring(0, item.length() - 5));
        }));
        corpus.add(new HostileRequest("empty body", 400, k -> Request.json("")));
        corpus.add(new HostileRequest("whitespace body", 400, k -> Request.json("  \n ")));
        corpus.add(new HostileRequest("empty NDJSON body", 400, k -> Request.ndjson("")));
        corpus.add(new HostileRequest("blank NDJSON lines", 400, k -> Request.ndjson(" \r\n\n\t\n")));
        corpus.add(new HostileRequest("object instead of array", 400, k -> Request.json(k.item())));
        corpus.add(new HostileRequest("array of numbers", 400, k -> Request.json("[1,2,3]")));
        corpus.add(new HostileRequest("null item", 400, k -> Request.json("[null]")));
        corpus.add(new HostileRequest("nested array item", 400, k -> Request.json("[[" + k.item() + "]]")));
        corpus.add(new HostileRequest("trailing garbage", 400, k -> Request.json("[" + k.item() + "] ]x")));
        corpus.add(new HostileRequest("two arrays", 400, k -> Request.json("[" + k.item() + "][" + k.item() + "]")));
        corpus.add(new HostileRequest(
                "duplicate field",
                400,
                k -> Request.json("[" + k.item().replaceFirst("\\{", "{\"" + k.numberField() + "\":1,") + "]")));
        corpus.add(new HostileRequest("invalid UTF-8", 400, k -> {
            byte[] item = k.withSymbol("\"AB\"").getBytes(StandardCharsets.UTF_8);
            String marker = "AB";
            int at = new String(item, StandardCharsets.ISO_8859_1).indexOf(marker);
            item[at] = (byte) 0xC3;
            item[at + 1] = (byte) 0x28; // 0xC3 must be followed by a continuation byte
            byte[] body = new byte[item.length + 2];
            body[0] = '[';
            System.arraycopy(item, 0, body, 1, item.length);
            body[body.length - 1] = ']';
            return new Request("POST", "", JSON, body);
        }));
        corpus.add(new HostileRequest(
                "raw control character in a string", 400, k -> Request.jsonArray(k.withSymbol("\"A\u0001B\""))));

        // Wrong types.
        corpus.add(new HostileRequest(
                "number as a string", 400, k -> Request.jsonArray(k.with(k.numberField(), "\"190.5\""))));
        corpus.add(new HostileRequest(
                "number as a boolean", 400, k -> Request.jsonArray(k.with(k.numberField(), "true"))));
        corpus.add(new HostileRequest(
                "number as an object", 400, k -> Request.jsonArray(k.with(k.numberField(), "{\"value\":1}"))));
        corpus.add(new HostileRequest("symbol as a number", 400, k -> Request.jsonArray(k.withSymbol("42"))));
        corpus.add(new HostileRequest(
                "time as epoch seconds", 400, k -> Request.jsonArray(k.with(k.timeField(), "1760538600"))));
        corpus.add(new HostileRequest(
                "time without offset",
                400,
                k -> Request.jsonArray(k.with(
                        k.timeField(), k.timeField().equals("ts") ? "\"2025-10-15T14:30:00\"" : "\"30.09.2025\""))));
        corpus.add(new HostileRequest(
                "missing required field",
                400,
                k -> Request.jsonArray(k.item().replaceFirst("\"" + k.timeField() + "\":\"[^\"]*\",?", ""))));
        corpus.add(new HostileRequest("integer as a fraction", 400, ifPresent(IngestKind::integerField, "1.5")));

        // Numbers no price can be.
        corpus.add(new HostileRequest("NaN literal", 400, k -> Request.jsonArray(k.with(k.numberField(), "NaN"))));
        corpus.add(new HostileRequest(
                "Infinity literal", 400, k -> Request.jsonArray(k.with(k.numberField(), "Infinity"))));
        corpus.add(new HostileRequest(
                "-Infinity literal", 400, k -> Request.jsonArray(k.with(k.numberField(), "-Infinity"))));
        corpus.add(
                new HostileRequest("NaN as a string", 400, k -> Request.jsonArray(k.with(k.numberField(), "\"NaN\""))));
        corpus.add(new HostileRequest("1e400", 400, k -> Request.jsonArray(k.with(k.numberField(), "1e400"))));
        corpus.add(new HostileRequest(
                "500-digit number", 400, k -> Request.jsonArray(k.with(k.numberField(), "9".repeat(500)))));
        corpus.add(new HostileRequest(
                "integer beyond 64 bits", 400, ifPresent(IngestKind::integerField, "99999999999999999999999")));
        corpus.add(new HostileRequest("negative price", 400, k -> Request.jsonArray(k.with(k.numberField(), "-5"))));
        corpus.add(new HostileRequest(
                "high below low",
                400,
                k -> k.table().equals("bars")
                        ? Request.jsonArray(k.with(Map.of("high", "188.0", "low", "189.0")))
                        : null));

        // Symbols and text.
        corpus.add(new HostileRequest("empty symbol", 400, k -> Request.jsonArray(k.withSymbol("\"\""))));
        corpus.add(new HostileRequest(
                "33-character symbol", 400, k -> Request.jsonArray(k.withSymbol("\"" + "A".repeat(33) + "\""))));
        corpus.add(new HostileRequest(
                "100k-character symbol", 400, k -> Request.jsonArray(k.withSymbol("\"" + "A".repeat(100_000) + "\""))));
        corpus.add(new HostileRequest("NUL in a symbol", 400, k -> Request.jsonArray(k.withSymbol("\"AA\\u0000PL\""))));
        corpus.add(new HostileRequest(
                "NUL in free text", 400, ifPresent(IngestKind::textField, "\"before\\u0000after\"")));
        corpus.add(new HostileRequest(
                "unpaired surrogate in free text", 400, ifPresent(IngestKind::textField, "\"before\\ud800after\"")));
        corpus.add(new HostileRequest(
                "reversed surrogate pair in a symbol",
                400,
                k -> Request.jsonArray(k.withSymbol("\"A\\udc00\\ud83dB\""))));
        corpus.add(new HostileRequest(
                "SQL in a symbol",
                400,
                k -> Request.jsonArray(k.withSymbol("\"x'); DROP TABLE " + k.table() + "; --\""))));
        corpus.add(new HostileRequest(
                "300-character field name",
                400,
                k -> Request.jsonArray(k.item().replaceFirst("\\{", "{\"" + "f".repeat(300) + "\":1,"))));

        // Dates and times PostgreSQL cannot store.
        corpus.add(new HostileRequest(
                "year 300000",
                400,
                k -> Request.jsonArray(k.with(
                        k.timeField(),
                        k.timeField().equals("ts") ? "\"+300000-01-01T00:00:00Z\"" : "\"+9999999-01-01\""))));
        corpus.add(new HostileRequest(
                "year -5000",
                400,
                k -> Request.jsonArray(k.with(
                        k.timeField(), k.timeField().equals("ts") ? "\"-5000-01-01T00:00:00Z\"" : "\"-5000-01-01\""))));
        // Dated from the future (a producer whose clock runs ahead): refused by MDS_INGEST_MAX_FUTURE_SEC.
        Instant nextYear = Instant.now().plus(Duration.ofDays(400));
        corpus.add(new HostileRequest(
                "dated 400 days ahead",
                400,
                k -> k.path().endsWith("/fundamentals")
                        ? Request.jsonArray(k.with(
                                "as_of", "\"" + nextYear.atZone(ZoneOffset.UTC).toLocalDate() + "\""))
                        : Request.jsonArray(k.with("ts", "\"" + nextYear + "\""))));

        // Nesting.
        corpus.add(new HostileRequest(
                "10k nested arrays", 400, k -> Request.json("[".repeat(10_000) + "]".repeat(10_000))));
        corpus.add(new HostileRequest(
                "10k nested objects in an item",
                400,
                k -> Request.jsonArray(k.with(k.numberField(), "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)))));
        corpus.add(new HostileRequest("10k nested arrays in NDJSON", 400, k -> Request.ndjson("[".repeat(10_000))));

        // NDJSON: one bad line among good ones spoils the whole request.
        corpus.add(new HostileRequest("NDJSON with a bad line in the middle", 400, k -> {
            List<String> lines = new ArrayList<>(k.distinctItems(6));
            lines.add(3, k.withSymbol("\"\""));
            return Request.ndjson(String.join("\n", lines) + "\n");
        }));
        corpus.add(new HostileRequest("NDJSON with a broken line in the middle", 400, k -> {
            List<String> lines = new ArrayList<>(k.distinctItems(6));
            lines.add(3, "{\"oops\":");
            return Request.ndjson(String.join("\n", lines) + "\n");
        }));
        corpus.add(new HostileRequest("JSON array with a bad item at the end", 400, k -> {
            List<String> items = new ArrayList<>(k.distinctItems(6));
            items.add(k.withSymbol("\"\""));
            return Request.jsonArray(items.toArray(String[]::new));
        }));

        // Content types and parameters.
        corpus.add(new HostileRequest("text/plain", 415, k -> withType("text/plain", k)));
        corpus.add(new HostileRequest("no content type", 415, k -> withType(null, k)));
        corpus.add(new HostileRequest("application/xml", 415, k -> withType("application/xml", k)));
        corpus.add(new HostileRequest("form encoded", 415, k -> withType("application/x-www-form-urlencoded", k)));
        corpus.add(
                new HostileRequest("latin-1 charset", 415, k -> withType("application/json; charset=ISO-8859-1", k)));
        corpus.add(new HostileRequest(
                "unknown ack",
                400,
                k -> new Request(
                        "POST", "?ack=eventually", JSON, ("[" + k.item() + "]").getBytes(StandardCharsets.UTF_8))));

        // Sizes: one more item than the write queue holds (capacity 10000 in the test's settings).
        corpus.add(new HostileRequest(
                "more items than the queue holds",
                413,
                k -> Request.ndjson(String.join("\n", Collections.nCopies(10_001, k.item())))));

        // Methods.
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            corpus.add(new HostileRequest(
                    method,
                    405,
                    k -> new Request(method, "", JSON, ("[" + k.item() + "]").getBytes(StandardCharsets.UTF_8))));
        }
        return corpus;
    }

    private static Request withType(String contentType, IngestKind kind) {
        return new Request("POST", "", contentType, ("[" + kind.item() + "]").getBytes(StandardCharsets.UTF_8));
    }
}

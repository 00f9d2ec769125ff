package io.marketflow.store.reliability;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One ingest endpoint and a valid item for it, held as raw JSON per field so that a test can break exactly one
 * field and leave the rest valid. The field roles say which field a kind of breakage applies to.
 *
 * @param numberField a finite, positive-or-zero number (a price where there is one)
 * @param symbolField where a symbol goes: {@code symbol}, or news's {@code symbols} array
 * @param timeField an ISO-8601 timestamp or date
 * @param integerField a 64-bit integer field, or {@code null}
 * @param textField a free-text field, or {@code null}
 */
record IngestKind(
        String path,
        String table,
        Map<String, String> valid,
        String numberField,
        String symbolField,
        String timeField,
        String integerField,
        String textField) {

    static final IngestKind BARS = new IngestKind(
            "/ingest",
            "bars",
            fields(
                    "symbol", "\"AAPL\"",
                    "timeframe", "\"1m\"",
                    "ts", "\"2025-10-15T14:30:00Z\"",
                    "open", "190.0",
                    "high", "192.0",
                    "low", "189.0",
                    "close", "191.5",
                    "volume", "1000",
                    "trade_count", "12",
                    "provider", "\"test\""),
            "open",
            "symbol",
            "ts",
            "trade_count",
            "provider");

    static final IngestKind BARS_EXPLICIT = new IngestKind(
            "/ingest/bars",
            BARS.table,
            BARS.valid,
            BARS.numberField,
            BARS.symbolField,
            BARS.timeField,
            BARS.integerField,
            BARS.textField);

    static final IngestKind OPTIONS = new IngestKind(
            "/ingest/options",
            "option_snapshots",
            fields(
                    "symbol", "\"AAPL\"",
                    "expiry", "\"2025-12-19\"",
                    "strike", "200.0",
                    "right", "\"C\"",
                    "ts", "\"2025-10-15T14:30:00Z\"",
                    "bid", "1.2",
                    "ask", "1.3",
                    "open_interest", "1200",
                    "volume", "55"),
            "strike",
            "symbol",
            "expiry",
            "open_interest",
            null);

    static final IngestKind FUNDAMENTALS = new IngestKind(
            "/ingest/fundamentals",
            "fundamentals",
            fields(
                    "symbol", "\"AAPL\"",
                    "as_of", "\"2025-09-30\"",
                    "market_cap", "3.5E12",
                    "pe_ratio", "31.2",
                    "eps", "6.1",
                    "shares_outstanding", "15000000000"),
            "market_cap",
            "symbol",
            "as_of",
            "shares_outstanding",
            null);

    static final IngestKind NEWS = new IngestKind(
            "/ingest/news",
            "news",
            fields(
                    "id", "\"n-1\"",
                    "ts", "\"2025-10-15T14:30:00Z\"",
                    "symbols", "[\"AAPL\",\"MSFT\"]",
                    "headline", "\"Something happened\"",
                    "source", "\"wire\"",
                    "url", "\"https://example.com/1\"",
                    "sentiment", "0.25"),
            "sentiment",
            "symbols",
            "ts",
            null,
            "headline");

    static final List<IngestKind> ALL = List.of(BARS, BARS_EXPLICIT, OPTIONS, FUNDAMENTALS, NEWS);

    /** The valid item as one JSON object. */
    String item() {
        return with(Map.of());
    }

    /** The valid item with {@code field} set to the raw JSON {@code value}. */
    String with(String field, String value) {
        return with(Map.of(field, value));
    }

    /** The valid item with its symbol set to the raw JSON string {@code value}. */
    String withSymbol(String value) {
        return symbolField.equals("symbols") ? with("symbols", "[" + value + "]") : with(symbolField, value);
    }

    String with(Map<String, String> overrides) {
        Map<String, String> fields = new LinkedHashMap<>(valid);
        fields.putAll(overrides);
        return fields.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** {@code count} valid items that differ in their key, as JSON objects. */
    List<String> distinctItems(int count) {
        // News is keyed by id; every other kind has the symbol in its key.
        String keyField = table.equals("news") ? "id" : symbolField;
        return IntStream.range(0, count)
                .mapToObj(i -> with(keyField, "\"K" + i + "\""))
                .toList();
    }

    @Override
    public String toString() {
        return path;
    }

    private static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(fields);
    }
}

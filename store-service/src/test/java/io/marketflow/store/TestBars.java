package io.marketflow.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Valid bars with unique keys, as JSON, for tests that post to the store. */
public final class TestBars {

    private TestBars() {}

    public static final Instant START = Instant.parse("2025-10-15T14:30:00Z");

    /** {@code count} bars for {@code symbol}, one minute apart from {@code START + offsetMinutes}. */
    public static String jsonArray(String symbol, int offsetMinutes, int count) {
        return "[" + String.join(",", objects(symbol, offsetMinutes, count, 191.5)) + "]";
    }

    public static String ndjson(String symbol, int offsetMinutes, int count) {
        return String.join("\n", objects(symbol, offsetMinutes, count, 191.5)) + "\n";
    }

    public static List<String> objects(String symbol, int offsetMinutes, int count, double close) {
        List<String> bars = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bars.add(bar(symbol, START.plusSeconds(60L * (offsetMinutes + i)), close));
        }
        return bars;
    }

    public static String bar(String symbol, Instant ts, double close) {
        return String.format(
                Locale.ROOT,
                "{\"symbol\":\"%s\",\"timeframe\":\"1m\",\"ts\":\"%s\",\"open\":190.0,\"high\":%s,\"low\":189.0,"
                        + "\"close\":%s,\"volume\":1000}",
                symbol,
                ts,
                Math.max(192.0, close),
                close);
    }
}

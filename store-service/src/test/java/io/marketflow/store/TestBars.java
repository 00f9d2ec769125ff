package io.marketflow.store;

import io.marketflow.testkit.BarLoad;
import io.marketflow.testkit.RunningStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /**
     * Starts a {@link BarLoad} of {@code symbol}'s bars (JSON arrays, {@code batch} a request) to {@code store} over
     * {@code connections} connections, each pausing {@code pause} after every answer, until it is closed.
     */
    public static BarLoad load(
            RunningStore store, String ack, String symbol, int batch, int connections, Duration pause) {
        return BarLoad.start(
                BarLoad.Settings.of(store.ingest(), ack, connections, batch).pause(pause), jsonBodies(symbol));
    }

    /** A {@link BarLoad}'s bodies: bar {@code i} is {@code symbol}'s at {@code START} plus {@code i} minutes. */
    public static BarLoad.Bodies jsonBodies(String symbol) {
        return (from, count) -> jsonArray(symbol, Math.toIntExact(from), count).getBytes(StandardCharsets.UTF_8);
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

package io.marketflow.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A CSV file of distinct bars for a csv provider ({@code symbol,timeframe,ts,open,high,low,close,volume}), and
 * the rows the bars table must hold once every one of them is stored: a known, finite set to compare with.
 *
 * @param rows one {@link #row} per bar
 */
record LoopBars(Path file, int count, Set<String> rows) {

    static final String TIMEFRAME = "1m";
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "AMZN");
    private static final Instant START = Instant.parse("2025-01-02T14:30:00Z");

    LoopBars {
        rows = Set.copyOf(rows);
    }

    static LoopBars write(Path file, int count) throws IOException {
        List<String> lines = new ArrayList<>(count + 1);
        Set<String> rows = new HashSet<>();
        lines.add("symbol,timeframe,ts,open,high,low,close,volume");
        for (int i = 0; i < count; i++) {
            String symbol = SYMBOLS.get(i % SYMBOLS.size());
            Instant ts = START.plus(Duration.ofMinutes(i / SYMBOLS.size()));
            double open = 100 + (i % 97) * 0.5;
            double close = open + (i % 2 == 0 ? 0.25 : -0.25);
            double high = Math.max(open, close) + 1;
            double low = Math.min(open, close) - 1;
            lines.add(String.join(
                    ",",
                    symbol,
                    TIMEFRAME,
                    ts.toString(),
                    Double.toString(open),
                    Double.toString(high),
                    Double.toString(low),
                    Double.toString(close),
                    Integer.toString(1000 + i)));
            rows.add(row(symbol, TIMEFRAME, ts, close));
        }
        Files.write(file, lines);
        return new LoopBars(file, count, rows);
    }

    /** A stored bar as compared: its key and one value, so that a bar overwritten by another shows up. */
    static String row(String symbol, String timeframe, Instant ts, double close) {
        return symbol + "|" + timeframe + "|" + ts + "|" + close;
    }
}

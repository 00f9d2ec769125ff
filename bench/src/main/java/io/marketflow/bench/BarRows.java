package io.marketflow.bench;

import io.marketflow.contracts.Bar;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows every method writes: {@code symbols} symbols with one 1m bar each per minute, in time order (each
 * minute, every symbol), from {@code start}. Row {@code i} is always the same bar, so the CSV for psql, the JSON
 * for the store and the objects for the sink carry identical data.
 */
final class BarRows {

    static final String TIMEFRAME = "1m";
    static final String CSV_COLUMNS = "symbol, timeframe, ts, open, high, low, close, volume";

    private final String[] symbols;
    private final long count;
    private final Instant start;

    BarRows(int symbols, long count, Instant start) {
        if (symbols < 1 || symbols > 9999) {
            throw new IllegalArgumentException("symbols must be 1..9999: " + symbols);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        this.symbols = new String[symbols];
        for (int s = 0; s < symbols; s++) {
            this.symbols[s] = symbolName(s);
        }
        this.count = count;
        this.start = start;
    }

    /** The name of symbol number {@code s}; {@link Database#prefill} generates the same names in SQL. */
    static String symbolName(int s) {
        return String.format("S%04d", s);
    }

    long count() {
        return count;
    }

    int symbols() {
        return symbols.length;
    }

    Instant start() {
        return start;
    }

    Bar bar(long row) {
        Prices p = prices(row);
        return Bar.of(
                symbols[symbolOf(row)],
                TIMEFRAME,
                ts(row),
                p.open / 100.0,
                p.high / 100.0,
                p.low / 100.0,
                p.close / 100.0,
                p.volume);
    }

    List<Bar> bars(long from, long to) {
        List<Bar> bars = new ArrayList<>((int) (to - from));
        for (long row = from; row < to; row++) {
            bars.add(bar(row));
        }
        return bars;
    }

    /** Rows {@code [from, to)} as a request body: a JSON array, or one object per line for NDJSON. */
    byte[] body(long from, long to, boolean ndjson) {
        StringBuilder out = new StringBuilder((int) (to - from) * 140);
        if (!ndjson) {
            out.append('[');
        }
        for (long row = from; row < to; row++) {
            if (row > from && !ndjson) {
                out.append(',');
            }
            Prices p = prices(row);
            out.append("{\"symbol\":\"").append(symbols[symbolOf(row)]);
            out.append("\",\"timeframe\":\"").append(TIMEFRAME);
            out.append("\",\"ts\":\"").append(ts(row));
            out.append("\",\"open\":");
            cents(out, p.open).append(",\"high\":");
            cents(out, p.high).append(",\"low\":");
            cents(out, p.low).append(",\"close\":");
            cents(out, p.close).append(",\"volume\":").append(p.volume).append('}');
            if (ndjson) {
                out.append('\n');
            }
        }
        if (!ndjson) {
            out.append(']');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Every row as CSV in the order of {@link #CSV_COLUMNS}, for {@code \copy}. */
    void writeCsv(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(128);
            for (long row = 0; row < count; row++) {
                line.setLength(0);
                Prices p = prices(row);
                line.append(symbols[symbolOf(row)])
                        .append(',')
                        .append(TIMEFRAME)
                        .append(',');
                line.append(ts(row)).append(',');
                cents(line, p.open).append(',');
                cents(line, p.high).append(',');
                cents(line, p.low).append(',');
                cents(line, p.close).append(',').append(p.volume).append('\n');
                out.append(line);
            }
        }
    }

    /**
     * The first row of the minute that holds row {@code row}: every row from there on is dated at or after
     * {@link #minuteOf(long)} of it.
     */
    long firstRowOfMinute(long row) {
        return row - row % symbols.length;
    }

    /** When row {@code row} is dated (every symbol of a minute shares it). */
    Instant minuteOf(long row) {
        return ts(row);
    }

    /** Every symbol's name, for a query that should use the table's key (symbol first). */
    String[] symbolNames() {
        return symbols.clone();
    }

    /** The number of row {@code row}'s symbol, 0 to {@code symbols() - 1}. */
    int symbolOf(long row) {
        return (int) (row % symbols.length);
    }

    private Instant ts(long row) {
        return start.plusSeconds(60 * (row / symbols.length));
    }

    private record Prices(long open, long high, long low, long close, long volume) {}

    // Prices in cents from a hash of the row: valid (low <= open, close <= high), reproducible, no shared state.
    private Prices prices(long row) {
        long h = mix(row + 0x9E3779B97F4A7C15L);
        long base = 1_000 + (mix(symbolOf(row)) & 0xFFFF) % 50_000;
        long open = base + (h & 0xFF);
        long close = base + ((h >>> 8) & 0xFF);
        long high = Math.max(open, close) + ((h >>> 16) & 0x3F);
        long low = Math.max(1, Math.min(open, close) - ((h >>> 24) & 0x3F));
        long volume = (h >>> 32) & 0xFFFF;
        return new Prices(open, high, low, close, volume);
    }

    private static StringBuilder cents(StringBuilder out, long cents) {
        out.append(cents / 100).append('.');
        long fraction = cents % 100;
        if (fraction < 10) {
            out.append('0');
        }
        return out.append(fraction);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

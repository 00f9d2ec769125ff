package io.marketflow.store.ingest;

import io.marketflow.contracts.Bar;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads one bar from the bytes of a flat JSON object, the way the ingest mapper would read it, in a single pass
 * that also finds where the object ends; gives up wherever the two could differ (see {@link BarBytesReader}).
 * What it returns equals what Jackson binds: integers become doubles through {@code long} (so {@code -0} is
 * {@code 0.0}), decimals are rounded correctly (exactly when the digits fit, else by {@link Double#parseDouble}),
 * timestamps follow {@link FastInstant} and {@link StrictTemporals}' year range, and a repeated field, an unknown
 * one, an escape, a nested value or anything outside printable ASCII is left to Jackson. In NDJSON a newline is
 * not white space inside an item: it ends the line, so an item containing one is left to Jackson too.
 *
 * <p>One instance per reader (it holds the last bar read); not thread-safe.
 */
final class BarFields {

    /** {@link #read}: the bytes ended before the object did (more may come). */
    static final int OUT_OF_BYTES = -1;
    /** {@link #read}: not an object this class reads; Jackson's to read. */
    static final int INVALID = -2;

    private static final int SYMBOL = 0;
    private static final int TIMEFRAME = 1;
    private static final int TS = 2;
    private static final int OPEN = 3;
    private static final int HIGH = 4;
    private static final int LOW = 5;
    private static final int CLOSE = 6;
    private static final int VOLUME = 7;
    private static final int VWAP = 8;
    private static final int TRADE_COUNT = 9;
    private static final int PROVIDER = 10;
    private static final int REQUIRED = (1 << 8) - 1;

    private static final String[] NAMES = {
        "symbol", "timeframe", "ts", "open", "high", "low", "close", "volume", "vwap", "trade_count", "provider"
    };
    private static final byte[][] NAME_BYTES = new byte[NAMES.length][];

    static {
        for (int f = 0; f < NAMES.length; f++) {
            NAME_BYTES[f] = NAMES[f].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };
    private static final long FIRST_SECOND =
            Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long END_SECOND =
            Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    /** Symbols and providers repeat from request to request; one copy of each keeps queued bars small. */
    private static final String[] STRINGS = new String[4096];

    private final boolean ndjson;
    private final double[] numbers = new double[VWAP + 1];
    private Bar bar;

    /** {@code ndjson}: a newline ends the item it is in (so an item with one inside is not read here). */
    BarFields(boolean ndjson) {
        this.ndjson = ndjson;
    }

    /** The bar of the last {@link #read} that returned an end. */
    Bar bar() {
        return bar;
    }

    /**
     * Reads the object starting at {@code b[from] == '{'} within {@code b[from, end)}: returns the index just past
     * its closing brace (the bar is then {@link #bar()}), {@link #OUT_OF_BYTES} when {@code end} came first, or
     * {@link #INVALID}.
     */
    int read(byte[] b, int from, int end) {
        bar = null;
        String symbol = null;
        String timeframe = null;
        Instant ts = null;
        long tradeCount = 0;
        String provider = null;
        int seen = 0;
        int nulls = 0;
        int expected = 0; // producers send the fields in Bar's order: try the next one first
        int i = skipSpace(b, from + 1, end);
        while (true) {
            if (i == end) {
                return OUT_OF_BYTES;
            }
            if (b[i] != '"') {
                return INVALID; // an empty object too: Jackson's to judge
            }
            int nameEnd = closingQuote(b, i + 1, end);
            if (nameEnd < 0) {
                return nameEnd;
            }
            int field = field(b, i + 1, nameEnd, expected);
            if (field < 0 || (seen & (1 << field)) != 0) {
                return INVALID; // unknown (Jackson ignores it) or repeated (Jackson refuses it)
            }
            expected = field + 1;
            i = skipSpace(b, nameEnd + 1, end);
            if (i == end) {
                return OUT_OF_BYTES;
            }
            if (b[i] != ':') {
                return INVALID;
            }
            i = skipSpace(b, i + 1, end);
            if (i == end) {
                return OUT_OF_BYTES;
            }
            int valueEnd;
            if (b[i] == 'n' && field >= VWAP) {
                // null is an optional field left out
                if (end - i < 4) {
                    return OUT_OF_BYTES;
                }
                if (b[i + 1] != 'u' || b[i + 2] != 'l' || b[i + 3] != 'l') {
                    return INVALID;
                }
                valueEnd = i + 4;
                nulls |= 1 << field;
            } else if (field <= TS || field == PROVIDER) {
                if (b[i] != '"') {
                    return INVALID;
                }
                valueEnd = closingQuote(b, i + 1, end);
                if (valueEnd < 0) {
                    return valueEnd;
                }
                switch (field) {
                    case SYMBOL -> symbol = string(b, i + 1, valueEnd);
                    case TIMEFRAME -> timeframe = timeframe(b, i + 1, valueEnd);
                    case TS -> ts = instant(b, i + 1, valueEnd);
                    default -> provider = string(b, i + 1, valueEnd);
                }
                if ((field == TIMEFRAME && timeframe == null) || (field == TS && ts == null)) {
                    return INVALID;
                }
                valueEnd++;
            } else {
                valueEnd = numberEnd(b, i, end);
                if (valueEnd == end) {
                    return OUT_OF_BYTES;
                }
                if (field == TRADE_COUNT) {
                    if (!isInteger(b, i, valueEnd)) {
                        return INVALID;
                    }
                    tradeCount = integer(b, i, valueEnd);
                    if (tradeCount == Long.MIN_VALUE) {
                        return INVALID;
                    }
                } else {
                    double value = number(b, i, valueEnd);
                    if (Double.isNaN(value)) {
                        return INVALID;
                    }
                    numbers[field] = value;
                }
            }
            seen |= 1 << field;
            i = skipSpace(b, valueEnd, end);
            if (i == end) {
                return OUT_OF_BYTES;
            }
            if (b[i] == '}') {
                break;
            }
            if (b[i] != ',') {
                return INVALID;
            }
            i = skipSpace(b, i + 1, end);
        }
        if ((seen & REQUIRED) != REQUIRED) {
            return INVALID;
        }
        int present = seen & ~nulls;
        bar = new Bar(
                symbol,
                timeframe,
                ts,
                numbers[OPEN],
                numbers[HIGH],
                numbers[LOW],
                numbers[CLOSE],
                numbers[VOLUME],
                (present & (1 << VWAP)) != 0 ? numbers[VWAP] : null,
                (present & (1 << TRADE_COUNT)) != 0 ? tradeCount : null,
                provider);
        return i + 1;
    }

    private static int field(byte[] b, int from, int to, int expected) {
        int length = to - from;
        if (expected < NAME_BYTES.length
                && Arrays.equals(NAME_BYTES[expected], 0, NAME_BYTES[expected].length, b, from, to)) {
            return expected;
        }
        for (int f = 0; f < NAME_BYTES.length; f++) {
            byte[] name = NAME_BYTES[f];
            if (name.length == length && name[0] == b[from] && Arrays.equals(name, 0, length, b, from, to)) {
                return f;
            }
        }
        return -1;
    }

    /** The index of the quote closing a string whose content starts at {@code i}, or why there is none. */
    private static int closingQuote(byte[] b, int i, int end) {
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return INVALID; // a control character (invalid JSON), non-ASCII or an escape: Jackson's to read
            }
        }
        return OUT_OF_BYTES;
    }

    private static String string(byte[] b, int from, int to) {
        int hash = 1;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + b[i];
        }
        int slot = (hash ^ (hash >>> 12)) & (STRINGS.length - 1);
        String cached = STRINGS[slot];
        if (cached != null && sameAscii(cached, b, from, to)) {
            return cached;
        }
        String fresh = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        STRINGS[slot] = fresh; // a benign race: Strings are immutable, a lost entry only costs a copy
        return fresh;
    }

    private static boolean sameAscii(String s, byte[] b, int from, int to) {
        if (s.length() != to - from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i - from) != b[i]) {
                return false;
            }
        }
        return true;
    }

    /** One of the seven timeframes, as a constant, or null. */
    private static String timeframe(byte[] b, int from, int to) {
        int length = to - from;
        if (length == 2) {
            byte unit = b[from + 1];
            return switch (b[from]) {
                case '1' -> unit == 's' ? "1s" : unit == 'm' ? "1m" : unit == 'h' ? "1h" : unit == 'd' ? "1d" : null;
                case '5' -> unit == 's' ? "5s" : unit == 'm' ? "5m" : null;
                default -> null;
            };
        }
        return length == 3 && b[from] == '1' && b[from + 1] == '5' && b[from + 2] == 'm' ? "15m" : null;
    }

    /** Past the last byte that can belong to a number. */
    private static int numberEnd(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i];
            if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isInteger(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '.' || b[i] == 'e' || b[i] == 'E') {
                return false;
            }
        }
        return true;
    }

    /** A JSON integer of at most 18 digits, or {@link Long#MIN_VALUE}. */
    private static long integer(byte[] b, int from, int to) {
        boolean negative = from < to && b[from] == '-';
        int i = negative ? from + 1 : from;
        int digits = to - i;
        if (digits < 1 || digits > 18 || (b[i] == '0' && digits > 1)) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    /** A JSON number as Jackson makes a double of it, or NaN when it is not one (or not simple). */
    private static double number(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || (b[intStart] == '0' && intDigits > 1)) {
            return Double.NaN;
        }
        if (i == to) {
            long value = integer(b, from, to);
            return value == Long.MIN_VALUE ? Double.NaN : (double) value; // an integer token: through long
        }
        long mantissa = 0;
        int significant = 0;
        for (int d = intStart; d < intStart + intDigits; d++) {
            mantissa = mantissa * 10 + (b[d] - '0');
            if (mantissa != 0) {
                significant++;
            }
        }
        int exponent = 0;
        if (b[i] == '.') {
            int fractionStart = ++i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                mantissa = mantissa * 10 + (b[i] - '0');
                if (mantissa != 0) {
                    significant++;
                }
                exponent--;
                i++;
            }
            if (i == fractionStart) {
                return Double.NaN;
            }
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = i < to && b[i] == '-';
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                i++;
            }
            int expStart = i;
            int value = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9' && i - expStart < 4) {
                value = value * 10 + (b[i] - '0');
                i++;
            }
            if (i == expStart || i != to) {
                return Double.NaN;
            }
            exponent += negativeExponent ? -value : value;
        }
        if (i != to) {
            return Double.NaN;
        }
        if (significant <= 15 && exponent >= -22 && exponent <= 22) {
            // Both operands exact (mantissa < 2^53, power of ten <= 1e22): one correctly rounded operation.
            double result = exponent < 0 ? mantissa / POWERS_OF_TEN[-exponent] : mantissa * POWERS_OF_TEN[exponent];
            return negative ? -result : result;
        }
        return to - from <= 64
                ? Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1))
                : Double.NaN;
    }

    /** A timestamp as {@link FastInstant} reads it, within {@link StrictTemporals}' range; null for anything else. */
    private static Instant instant(byte[] b, int from, int to) {
        Instant instant = FastInstant.parse(b, from, to);
        if (instant == null || instant.getEpochSecond() < FIRST_SECOND || instant.getEpochSecond() >= END_SECOND) {
            return null;
        }
        return instant;
    }

    /**
     * Past white space from {@code b[i]}, up to {@code end}: JSON's, less the newline in NDJSON, where it ends a line
     * (so it is not white space inside an item, and the reader handles it between items).
     */
    int skipSpace(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\r' || b[i] == '\t' || (b[i] == '\n' && !ndjson))) {
            i++;
        }
        return i;
    }
}

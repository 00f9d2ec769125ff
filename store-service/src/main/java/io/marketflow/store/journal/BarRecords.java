package io.marketflow.store.journal;

import io.marketflow.contracts.Bar;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Journal records of bars in a binary layout: the bars exactly as they were admitted (doubles as their bits,
 * timestamps as seconds and nanoseconds), in about half the bytes of their JSON and without formatting a number.
 * Writing JSON by hand still cost the admission thread 8 % of the store's CPU, and every journal byte is written
 * twice (the segment's preallocated zeros, then the record) and fsynced.
 *
 * <p>Layout, big-endian: {@code FORMAT(1) kind(string) count(4)}, then per bar {@code present(2)} (one bit per
 * field, in {@link Bar}'s order) and each present field: strings as {@code length(2)} and UTF-8, {@code ts} as
 * {@code seconds(8) nanos(4)}, prices and volume as {@code double(8)}, {@code trade_count} as {@code long(8)}.
 * Records of other kinds, and bar records written by earlier versions, are JSON: they start with {@code '{'}.
 */
final class BarRecords {

    /** The first byte of a binary record of bars (a JSON record starts with '{'). */
    static final byte FORMAT = 1;

    private static final int SYMBOL = 1;
    private static final int TIMEFRAME = 1 << 1;
    private static final int TS = 1 << 2;
    private static final int OPEN = 1 << 3;
    private static final int HIGH = 1 << 4;
    private static final int LOW = 1 << 5;
    private static final int CLOSE = 1 << 6;
    private static final int VOLUME = 1 << 7;
    private static final int VWAP = 1 << 8;
    private static final int TRADE_COUNT = 1 << 9;
    private static final int PROVIDER = 1 << 10;

    private static final int MAX_STRING = 0xFFFF;

    private BarRecords() {}

    /** The record of {@code items}, or {@code null} when one is not a {@link Bar} or holds a string too long. */
    static byte[] encode(String kind, List<?> items) {
        long bound = 1 + stringBound(kind) + 4;
        for (Object item : items) {
            if (!(item instanceof Bar bar)) {
                return null;
            }
            bound += 2
                    + stringBound(bar.symbol())
                    + stringBound(bar.timeframe())
                    + (bar.ts() == null ? 0 : 12)
                    + size(bar.open())
                    + size(bar.high())
                    + size(bar.low())
                    + size(bar.close())
                    + size(bar.volume())
                    + size(bar.vwap())
                    + (bar.tradeCount() == null ? 0 : 8)
                    + stringBound(bar.provider());
        }
        if (bound > Integer.MAX_VALUE - 8) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate((int) bound);
        out.put(FORMAT);
        if (!putString(out, kind)) {
            return null;
        }
        out.putInt(items.size());
        for (Object item : items) {
            Bar bar = (Bar) item;
            int present = (bar.symbol() == null ? 0 : SYMBOL)
                    | (bar.timeframe() == null ? 0 : TIMEFRAME)
                    | (bar.ts() == null ? 0 : TS)
                    | (bar.open() == null ? 0 : OPEN)
                    | (bar.high() == null ? 0 : HIGH)
                    | (bar.low() == null ? 0 : LOW)
                    | (bar.close() == null ? 0 : CLOSE)
                    | (bar.volume() == null ? 0 : VOLUME)
                    | (bar.vwap() == null ? 0 : VWAP)
                    | (bar.tradeCount() == null ? 0 : TRADE_COUNT)
                    | (bar.provider() == null ? 0 : PROVIDER);
            out.putShort((short) present);
            if (!putString(out, bar.symbol()) || !putString(out, bar.timeframe())) {
                return null;
            }
            if (bar.ts() != null) {
                out.putLong(bar.ts().getEpochSecond()).putInt(bar.ts().getNano());
            }
            putDouble(out, bar.open());
            putDouble(out, bar.high());
            putDouble(out, bar.low());
            putDouble(out, bar.close());
            putDouble(out, bar.volume());
            putDouble(out, bar.vwap());
            if (bar.tradeCount() != null) {
                out.putLong(bar.tradeCount());
            }
            if (!putString(out, bar.provider())) {
                return null;
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    static boolean isBinary(byte[] payload) {
        return payload.length > 0 && payload[0] == FORMAT;
    }

    /** The kind a binary record belongs to. */
    static String kind(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        in.get();
        return getString(in);
    }

    /** The bars of a binary record; a record cut short or inconsistent throws a {@link RuntimeException}. */
    static List<Bar> decode(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        if (in.get() != FORMAT) {
            throw new IllegalArgumentException("not a binary record of bars");
        }
        getString(in);
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 2) {
            throw new IllegalArgumentException("a record of " + count + " bars in " + payload.length + " bytes");
        }
        List<Bar> bars = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int present = in.getShort() & 0xFFFF;
            String symbol = (present & SYMBOL) == 0 ? null : getString(in);
            String timeframe = (present & TIMEFRAME) == 0 ? null : getString(in);
            Instant ts = (present & TS) == 0 ? null : Instant.ofEpochSecond(in.getLong(), in.getInt());
            Double open = getDouble(in, present, OPEN);
            Double high = getDouble(in, present, HIGH);
            Double low = getDouble(in, present, LOW);
            Double close = getDouble(in, present, CLOSE);
            Double volume = getDouble(in, present, VOLUME);
            Double vwap = getDouble(in, present, VWAP);
            Long tradeCount = (present & TRADE_COUNT) == 0 ? null : in.getLong();
            String provider = (present & PROVIDER) == 0 ? null : getString(in);
            bars.add(new Bar(symbol, timeframe, ts, open, high, low, close, volume, vwap, tradeCount, provider));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the last bar");
        }
        return bars;
    }

    private static int size(Double value) {
        return value == null ? 0 : 8;
    }

    /** At most the bytes a string takes: UTF-8 needs up to three bytes per char. */
    private static long stringBound(String text) {
        return text == null ? 0 : 2 + 3L * text.length();
    }

    /** Writes {@code text} as it is when it is ASCII (nearly always), else as UTF-8; false when it is too long. */
    private static boolean putString(ByteBuffer out, String text) {
        if (text == null) {
            return true;
        }
        int start = out.position();
        out.position(start + 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                out.position(start + 2).put(bytes);
                return setLength(out, start, bytes.length);
            }
            out.put((byte) c);
        }
        return setLength(out, start, text.length());
    }

    private static boolean setLength(ByteBuffer out, int start, int length) {
        out.putShort(start, (short) length);
        return length <= MAX_STRING;
    }

    private static String getString(ByteBuffer in) {
        int length = in.getShort() & 0xFFFF;
        String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    private static void putDouble(ByteBuffer out, Double value) {
        if (value != null) {
            out.putDouble(value);
        }
    }

    private static Double getDouble(ByteBuffer in, int present, int bit) {
        return (present & bit) == 0 ? null : in.getDouble();
    }
}

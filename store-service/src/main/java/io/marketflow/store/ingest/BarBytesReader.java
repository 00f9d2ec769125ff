package io.marketflow.store.ingest;

import io.marketflow.contracts.Bar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads bars straight from a body's bytes while the body has the shape producers send: a JSON array or NDJSON of
 * flat objects with only {@code Bar}'s fields, ASCII strings without escapes, plain numbers and timestamps of the
 * form {@link FastInstant} reads. It gives up at the first byte it does not expect, and at the first bar that
 * {@code accepts} refuses (the hand check and the future limit); the caller then reads the whole body again
 * through Jackson and Bean Validation, which word every error as they always did. So this class never has to
 * explain anything, only to agree with Jackson on the bars it does return ({@code BarBytesReaderTests}).
 *
 * <p>Bars were 2.5 µs of CPU each through Jackson's bean binding (bench/results/ingest-findings.md). Feed the
 * chunks in order from one thread, then {@link #finish}.
 */
final class BarBytesReader {

    /** No bar in the expected shape comes near this; a longer item is handed to Jackson. */
    static final int MAX_ITEM_BYTES = 1024;

    /** Where the reader stands in a JSON array ({@code LINES} throughout NDJSON); {@code FAILED} is for good. */
    private enum State {
        BEFORE_ARRAY,
        ITEM_OR_END,
        AFTER_ITEM,
        AFTER_COMMA,
        AFTER_ARRAY,
        LINES,
        FAILED
    }

    private static final int NEED_MORE = -1;
    private static final int GIVE_UP = -2;

    private final boolean ndjson;
    private final Predicate<Bar> accepts;
    private final int itemLimit;
    private final BarFields fields;
    private final List<Bar> bars = new ArrayList<>();
    private State state;
    private byte[] pending = new byte[0];
    private int pendingLength;
    private int lineSpace;

    BarBytesReader(boolean ndjson, Predicate<Bar> accepts, int itemLimit) {
        this.ndjson = ndjson;
        this.accepts = accepts;
        this.itemLimit = itemLimit;
        this.fields = new BarFields(ndjson);
        this.state = ndjson ? State.LINES : State.BEFORE_ARRAY;
    }

    /** Reads what it can of the next chunk; false once it has given up (for good). */
    boolean feed(byte[] chunk, int offset, int length) {
        if (state == State.FAILED) {
            return false;
        }
        byte[] bytes = chunk;
        int from = offset;
        int end = offset + length;
        if (pendingLength > 0) {
            // An item split across chunks: read on from the start of that item, with the new bytes behind it.
            room(pendingLength + length);
            System.arraycopy(chunk, offset, pending, pendingLength, length);
            bytes = pending;
            from = 0;
            end = pendingLength + length;
        }
        int stop = read(bytes, from, end, false);
        int rest = end - stop;
        if (stop == GIVE_UP || rest > MAX_ITEM_BYTES) {
            state = State.FAILED;
            return false;
        }
        if (bytes != pending) {
            room(rest);
        }
        System.arraycopy(bytes, stop, pending, 0, rest);
        pendingLength = rest;
        return true;
    }

    private void room(int size) {
        if (pending.length < size) {
            pending = Arrays.copyOf(pending, Math.max(size, 2 * pending.length));
        }
    }

    /** The bars of a complete body, in order, or {@code null} when this reader gave up on it. */
    List<Bar> finish() {
        if (state != State.FAILED && pendingLength > 0 && read(pending, 0, pendingLength, true) != pendingLength) {
            state = State.FAILED;
        }
        boolean complete = ndjson ? state == State.LINES : state == State.AFTER_ARRAY;
        return complete && !bars.isEmpty() ? bars : null;
    }

    /** Reads items from {@code [from, end)}; returns where the unread rest starts, or {@link #GIVE_UP}. */
    private int read(byte[] b, int from, int end, boolean last) {
        int i = from;
        while (true) {
            int start = i;
            i = fields.skipSpace(b, i, end);
            if (ndjson) {
                // NdjsonFraming refuses a line, even a blank one, beyond its limit as soon as it has seen that
                // much of it: give up long before, so that the error comes when it always did.
                lineSpace += i - start;
                if (lineSpace > MAX_ITEM_BYTES) {
                    return GIVE_UP;
                }
            }
            if (i == end) {
                return end;
            }
            byte c = b[i];
            if (ndjson) {
                if (c == '\n') {
                    lineSpace = 0;
                    i++;
                    continue;
                }
                if (c != '{') {
                    return GIVE_UP;
                }
                int next = item(b, i, end);
                if (next == NEED_MORE) {
                    return last ? GIVE_UP : i;
                }
                if (next == GIVE_UP) {
                    return GIVE_UP;
                }
                // The rest of the line: blanks, then the newline (or the end of the body).
                int after = fields.skipSpace(b, next, end);
                if (after - i > MAX_ITEM_BYTES) {
                    return GIVE_UP;
                }
                if (after == end && !last) {
                    return i; // cannot tell yet whether the line ends here: read this item again with the rest
                }
                if (after < end && b[after] != '\n') {
                    return GIVE_UP;
                }
                if (!keep()) {
                    return GIVE_UP;
                }
                i = after;
                continue;
            }
            switch (state) {
                case BEFORE_ARRAY -> {
                    if (c != '[') {
                        return GIVE_UP;
                    }
                    state = State.ITEM_OR_END;
                    i++;
                }
                case ITEM_OR_END, AFTER_COMMA -> {
                    if (c != '{') {
                        return GIVE_UP; // an empty array, or a trailing comma: Jackson's to judge
                    }
                    int next = item(b, i, end);
                    if (next == NEED_MORE) {
                        return last ? GIVE_UP : i;
                    }
                    if (next == GIVE_UP || !keep()) {
                        return GIVE_UP;
                    }
                    state = State.AFTER_ITEM;
                    i = next;
                }
                case AFTER_ITEM -> {
                    if (c == ',') {
                        state = State.AFTER_COMMA;
                    } else if (c == ']') {
                        state = State.AFTER_ARRAY;
                    } else {
                        return GIVE_UP;
                    }
                    i++;
                }
                default -> {
                    return GIVE_UP; // something after the closing ]
                }
            }
        }
    }

    /** Keeps the bar {@link #item} has just read, unless it is one too many or not accepted. */
    private boolean keep() {
        if (bars.size() >= itemLimit) {
            return false;
        }
        Bar bar = fields.bar();
        if (!accepts.test(bar)) {
            return false;
        }
        bars.add(bar);
        return true;
    }

    /**
     * Reads the flat object starting at {@code b[from] == '{'} (the bar is then {@code fields.bar()}); returns its
     * end (exclusive), {@link #NEED_MORE} when it is not complete yet, or {@link #GIVE_UP} for anything
     * {@link BarFields} does not read, or an item too long.
     */
    private int item(byte[] b, int from, int end) {
        int limit = Math.min(end, from + MAX_ITEM_BYTES);
        int next = fields.read(b, from, limit);
        if (next == BarFields.OUT_OF_BYTES) {
            return limit == end ? NEED_MORE : GIVE_UP;
        }
        return next == BarFields.INVALID ? GIVE_UP : next;
    }
}

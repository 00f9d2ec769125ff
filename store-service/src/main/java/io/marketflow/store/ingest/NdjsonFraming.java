package io.marketflow.store.ingest;

import java.util.Arrays;
import java.util.function.Consumer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Frames newline-delimited JSON: each non-blank line is one item, handed over as soon as its newline (or the end
 * of the body) arrives. Lines are parsed one by one, so a malformed line is reported as that item's error and the
 * following lines are still checked. Splitting on the byte {@code \n} is safe in UTF-8, where it never occurs
 * inside a multi-byte character. Throws {@link StreamConstraintsException} for a line over {@link #MAX_LINE_BYTES}.
 */
final class NdjsonFraming implements Framing {

    /**
     * No item comes near this (a news item with a full summary is under 32 KiB); without it one endless line
     * would be buffered up to the whole request's byte limit before anything could be said about it.
     */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final JsonMapper mapper;
    private final Consumer<JsonParser> onItem;
    private byte[] pending = new byte[1024];
    private int pendingLength;

    NdjsonFraming(JsonMapper mapper, Consumer<JsonParser> onItem) {
        this.mapper = mapper;
        this.onItem = onItem;
    }

    @Override
    public void feed(byte[] bytes, int offset, int length) {
        int lineStart = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (pendingLength == 0 && i - lineStart <= MAX_LINE_BYTES) {
                line(bytes, lineStart, i - lineStart);
            } else {
                append(bytes, lineStart, i - lineStart);
                line(pending, 0, pendingLength);
                pendingLength = 0;
            }
            lineStart = i + 1;
        }
        append(bytes, lineStart, end - lineStart);
    }

    @Override
    public void endOfInput() {
        if (pendingLength > 0) {
            line(pending, 0, pendingLength);
            pendingLength = 0;
        }
    }

    @Override
    public boolean insideItems() {
        return true;
    }

    private void line(byte[] bytes, int offset, int length) {
        if (!blank(bytes, offset, length)) {
            onItem.accept(mapper.createParser(bytes, offset, length));
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (pendingLength + length > MAX_LINE_BYTES) {
            throw new StreamConstraintsException("a line is longer than " + MAX_LINE_BYTES + " bytes");
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
    }

    private static boolean blank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}

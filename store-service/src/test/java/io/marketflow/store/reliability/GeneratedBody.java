package io.marketflow.store.reliability;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * A large request body produced as it is sent, never held in memory: a head, a unit repeated until the body has
 * {@code length} bytes, and a tail.
 */
final class GeneratedBody extends InputStream {

    private final byte[] head;
    private final byte[] unit;
    private final byte[] tail;
    private final long length;
    private long position;

    GeneratedBody(String head, String unit, String tail, long length) {
        this.head = head.getBytes(StandardCharsets.UTF_8);
        this.unit = unit.getBytes(StandardCharsets.UTF_8);
        this.tail = tail.getBytes(StandardCharsets.UTF_8);
        this.length = length;
        if (length < this.head.length + this.tail.length) {
            throw new IllegalArgumentException("length " + length + " cannot hold the head and the tail");
        }
    }

    /** Sent with a Content-Length header when {@code declareLength}, else chunked. */
    static HttpRequest.BodyPublisher publisher(
            String head, String unit, String tail, long length, boolean declareLength) {
        HttpRequest.BodyPublisher stream =
                HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedBody(head, unit, tail, length));
        return declareLength ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
    }

    @Override
    public int read() {
        if (position >= length) {
            return -1;
        }
        long tailStart = length - tail.length;
        byte b;
        if (position < head.length) {
            b = head[(int) position];
        } else if (position >= tailStart) {
            b = tail[(int) (position - tailStart)];
        } else {
            b = unit[(int) ((position - head.length) % unit.length)];
        }
        position++;
        return b & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(count, length - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = (byte) read();
        }
        return n;
    }
}

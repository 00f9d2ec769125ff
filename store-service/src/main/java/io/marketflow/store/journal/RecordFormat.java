package io.marketflow.store.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * How a record sits in a segment: {@code magic(4) length(4) crc32c(4) seq(8) type(1) payload(length)}, big-endian.
 * The checksum covers {@code seq}, {@code type} and the payload. The magic lets a reader find the next record
 * after a damaged one; the checksum tells a whole record from a torn or corrupt one.
 */
final class RecordFormat {

    static final int MAGIC = 0x4D464A31; // "MFJ1"
    static final int HEADER = 4 + 4 + 4 + 8 + 1;
    static final byte DATA = 1;
    static final byte REFUSED = 2;

    private RecordFormat() {}

    /** One whole record as read back. */
    record Entry(long seq, byte type, byte[] payload) {}

    /** What a scan of one segment found: its whole records, and what it had to skip. */
    record Scan(List<Entry> entries, int skippedRegions, long skippedBytes, boolean tornTail) {}

    static ByteBuffer encode(long seq, byte type, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + payload.length);
        buffer.putInt(MAGIC)
                .putInt(payload.length)
                .putInt(0)
                .putLong(seq)
                .put(type)
                .put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 12, HEADER - 12 + payload.length);
        buffer.putInt(8, (int) crc.getValue());
        return buffer.flip();
    }

    /**
     * Reads every whole record of {@code bytes}. A damaged region followed by whole records is skipped and counted;
     * one that runs to the end is a torn tail: a record cut short by a crash, never acknowledged. Zeros after the last
     * record are the unused, preallocated rest of the segment.
     */
    static Scan scan(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Entry> entries = new ArrayList<>();
        int regions = 0;
        long skipped = 0;
        int badFrom = -1;
        int pos = 0;
        while (pos + HEADER <= bytes.length) {
            if (badFrom < 0 && zerosFrom(bytes, pos)) {
                // The preallocated rest of the segment: nothing was written there.
                return new Scan(entries, regions, skipped, false);
            }
            Entry entry = readAt(in, bytes, pos);
            if (entry == null) {
                if (badFrom < 0) {
                    badFrom = pos;
                }
                pos = nextMagic(in, bytes, pos + 1);
                continue;
            }
            if (badFrom >= 0) {
                regions++;
                skipped += pos - badFrom;
                badFrom = -1;
            }
            entries.add(entry);
            pos += HEADER + entry.payload().length;
        }
        boolean torn = badFrom >= 0 || !zerosFrom(bytes, pos);
        return new Scan(entries, regions, skipped, torn);
    }

    private static boolean zerosFrom(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Entry readAt(ByteBuffer in, byte[] bytes, int pos) {
        if (in.getInt(pos) != MAGIC) {
            return null;
        }
        int length = in.getInt(pos + 4);
        if (length < 0 || length > bytes.length - pos - HEADER) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, pos + 12, HEADER - 12 + length);
        if ((int) crc.getValue() != in.getInt(pos + 8)) {
            return null;
        }
        byte[] payload = new byte[length];
        System.arraycopy(bytes, pos + HEADER, payload, 0, length);
        return new Entry(in.getLong(pos + 12), bytes[pos + 20], payload);
    }

    private static int nextMagic(ByteBuffer in, byte[] bytes, int from) {
        for (int pos = from; pos + HEADER <= bytes.length; pos++) {
            if (in.getInt(pos) == MAGIC) {
                return pos;
            }
        }
        return bytes.length;
    }
}

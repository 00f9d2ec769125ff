package io.marketflow.store.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * How a record sits in a segment: {@code magic(4) length(4) crc32c(4) segment(8) seq(8) type(1) payload(length)},
 * big-endian. The checksum covers {@code segment}, {@code seq}, {@code type} and the payload. The magic lets a reader
 * find the next record after a damaged one; the checksum tells a whole record from a torn or corrupt one; the segment
 * number tells this segment's records from those a recycled file still holds from its previous use (as the page
 * address does in PostgreSQL's WAL). Four zero bytes follow the last record written, and the next record overwrites
 * them: they mark the end of the records in a recycled file as the zeros of a new one do.
 *
 * <p>Records of the first format ({@code MFJ1}: no segment number, 21-byte header), left by an older store, are still
 * read: they are only ever in zero-filled files, which are deleted, never recycled.
 */
final class RecordFormat {

    static final int MAGIC = 0x4D464A32; // "MFJ2"
    static final int HEADER = 4 + 4 + 4 + 8 + 8 + 1;
    /** The zero bytes written after each record. */
    static final int END = 4;

    static final byte DATA = 1;
    static final byte REFUSED = 2;

    static final int MAGIC_V1 = 0x4D464A31; // "MFJ1"
    static final int HEADER_V1 = 4 + 4 + 4 + 8 + 1;

    private RecordFormat() {}

    /** One whole record as read back. */
    record Entry(long seq, byte type, byte[] payload) {}

    /** What a scan of one segment found: its whole records, and what it had to skip. */
    record Scan(List<Entry> entries, int skippedRegions, long skippedBytes, boolean tornTail) {}

    /**
     * The record, followed by the {@link #END} zeros: write all of it, then count only the record's bytes, so that the
     * next record starts on the zeros.
     */
    static ByteBuffer encode(long segment, long seq, byte type, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + payload.length + END);
        buffer.putInt(MAGIC)
                .putInt(payload.length)
                .putInt(0)
                .putLong(segment)
                .putLong(seq)
                .put(type)
                .put(payload)
                .putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 12, HEADER - 12 + payload.length);
        buffer.putInt(8, (int) crc.getValue());
        return buffer.flip();
    }

    /** Bytes a record of {@code payload} takes in its segment (the {@link #END} zeros are not its own). */
    static int size(byte[] payload) {
        return HEADER + payload.length;
    }

    /**
     * Reads every whole record of segment {@code segment} in {@code bytes}. Its records end at four zero bytes (the
     * zeros of a new file, or the end mark after the last record) or at a whole record of another segment (left from
     * the file's previous use), unless a whole record of this segment follows further on: then what lies between was
     * damaged, and is skipped and counted. Damage that runs to the end is a torn tail: a record cut short by a crash,
     * never acknowledged. A file that starts with a record of the first format holds only such records.
     */
    static Scan scan(byte[] bytes, long segment) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Format format = bytes.length >= 4 && in.getInt(0) == MAGIC_V1 ? Format.V1 : Format.V2;
        List<Entry> entries = new ArrayList<>();
        int regions = 0;
        long skipped = 0;
        int badFrom = -1;
        int pos = 0;
        while (true) {
            if (pos + 4 > bytes.length) { // a few bytes left: the start of a record cut off by the end of the file?
                boolean cut = false;
                for (int i = pos; i < bytes.length; i++) {
                    cut |= bytes[i] != 0;
                }
                return new Scan(entries, regions, skipped, badFrom >= 0 || cut);
            }
            boolean end = in.getInt(pos) == 0;
            int length = end ? -1 : format.wholeRecordAt(in, bytes, pos);
            if (length >= 0 && !format.ofSegment(in, pos, segment)) {
                end = true; // a record from the file's previous use
            }
            if (end || length < 0) {
                if (badFrom < 0 && !end) {
                    badFrom = pos; // damage starts here
                }
                int next = format.nextRecordOf(in, bytes, pos + 1, segment);
                if (next < 0) {
                    return new Scan(entries, regions, skipped, badFrom >= 0);
                }
                if (badFrom < 0) {
                    badFrom = pos; // an end that is not one: damage, since a record of this segment follows
                }
                pos = next;
                continue;
            }
            if (badFrom >= 0) {
                regions++;
                skipped += pos - badFrom;
                badFrom = -1;
            }
            entries.add(format.entryAt(in, bytes, pos, length));
            pos += format.header + length;
        }
    }

    /** The two layouts; a file holds records of one. */
    private enum Format {
        V1(MAGIC_V1, HEADER_V1),
        V2(MAGIC, HEADER);

        final int magic;
        final int header;

        Format(int magic, int header) {
            this.magic = magic;
            this.header = header;
        }

        boolean ofSegment(ByteBuffer in, int pos, long segment) {
            return this == V1 || in.getLong(pos + 12) == segment;
        }

        /** The payload length of the whole record at {@code pos} (of any segment), or -1 when there is none. */
        int wholeRecordAt(ByteBuffer in, byte[] bytes, int pos) {
            if (pos + header > bytes.length || in.getInt(pos) != magic) {
                return -1;
            }
            int length = in.getInt(pos + 4);
            if (length < 0 || length > bytes.length - pos - header) {
                return -1;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, pos + 12, header - 12 + length);
            return (int) crc.getValue() == in.getInt(pos + 8) ? length : -1;
        }

        /** Where the next whole record of this segment starts, from {@code from} on, or -1. */
        int nextRecordOf(ByteBuffer in, byte[] bytes, int from, long segment) {
            for (int pos = from; pos + header <= bytes.length; pos++) {
                if (in.getInt(pos) == magic && ofSegment(in, pos, segment) && wholeRecordAt(in, bytes, pos) >= 0) {
                    return pos;
                }
            }
            return -1;
        }

        Entry entryAt(ByteBuffer in, byte[] bytes, int pos, int length) {
            byte[] payload = new byte[length];
            System.arraycopy(bytes, pos + header, payload, 0, length);
            return new Entry(in.getLong(pos + header - 9), bytes[pos + header - 1], payload);
        }
    }
}

package io.marketflow.store.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One journal file. Guarded by the journal's lock: {@code pending} counts its records whose items are not all
 * settled; a sealed segment takes no more records, and once it is also fsynced and has none pending it is retired
 * (kept to be recycled, or deleted).
 */
final class Segment {

    final long id;
    final Path path;
    final SegmentStorage.Channel channel;
    long bytes;
    int pending;
    boolean sealed;
    boolean forcing;
    boolean retired;

    Segment(long id, Path path, SegmentStorage.Channel channel) {
        this.id = id;
        this.path = path;
        this.channel = channel;
    }

    /** Writes one record after the last (not yet durable: the journal fsyncs). */
    void write(long seq, byte type, byte[] payload) throws IOException {
        int size = RecordFormat.size(payload);
        channel.write(RecordFormat.encode(id, seq, type, payload), size);
        bytes += size;
    }

    static String name(long id) {
        return String.format(Locale.ROOT, "%020d.journal", id);
    }

    /** The number in a segment's (or a retired file's) name. */
    static long id(Path file) {
        return Long.parseLong(file.getFileName().toString().substring(0, 20));
    }

    /** The name of a retired segment's file kept for reuse. */
    static String freeName(long id) {
        return String.format(Locale.ROOT, "%020d.free", id);
    }
}

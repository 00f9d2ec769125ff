package io.marketflow.store.journal;

import java.nio.file.Path;

/**
 * One journal file. Guarded by the journal's lock: {@code pending} counts its records whose items are not all
 * settled; a sealed segment takes no more records, and once it is also fsynced and has none pending it is deleted.
 */
final class Segment {

    final Path path;
    final SegmentStorage.Channel channel;
    long bytes;
    int pending;
    boolean sealed;
    boolean forcing;
    boolean deleted;

    Segment(Path path, SegmentStorage.Channel channel) {
        this.path = path;
        this.channel = channel;
    }

    static String name(long id) {
        return String.format(java.util.Locale.ROOT, "%020d.journal", id);
    }
}

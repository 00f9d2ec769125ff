package io.marketflow.store.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file operations the journal needs, and nothing else, so that tests can make a disk fill up or an fsync
 * fail. {@link #files()} is the real thing.
 */
interface SegmentStorage {

    /** Creates {@code path}, which must not exist, for appending; the directory entry is durable on return. */
    Channel create(Path path) throws IOException;

    void delete(Path path) throws IOException;

    /** An open segment file. */
    interface Channel extends Closeable {

        void write(ByteBuffer buffer) throws IOException;

        /** {@code fsync}: returns once everything written so far is on disk. */
        void force() throws IOException;
    }

    static SegmentStorage files() {
        return new SegmentStorage() {
            @Override
            public Channel create(Path path) throws IOException {
                FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                syncDirectory(path.getParent());
                return new Channel() {
                    @Override
                    public void write(ByteBuffer buffer) throws IOException {
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                    }

                    @Override
                    public void force() throws IOException {
                        // Data only: the size change is made durable with it (fdatasync covers what reads need).
                        channel.force(false);
                    }

                    @Override
                    public void close() throws IOException {
                        channel.close();
                    }
                };
            }

            @Override
            public void delete(Path path) throws IOException {
                Files.deleteIfExists(path);
            }
        };
    }

    // A new segment's name must survive a crash as well as its contents. Some platforms cannot open a directory.
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // best effort
        }
    }
}

package io.marketflow.store.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real files, with a disk that can be made to fill up or fail its fsyncs, and an fsync that can be held until the
 * test lets it go: what a test needs to see group commit and refusals happen, not hope for them.
 */
final class TestStorage implements SegmentStorage {

    private final SegmentStorage files = SegmentStorage.files();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger forces = new AtomicInteger();
    final AtomicReference<IOException> failWrites = new AtomicReference<>();
    final AtomicReference<IOException> failForces = new AtomicReference<>();
    final AtomicReference<IOException> failCreates = new AtomicReference<>();
    final AtomicInteger forcing = new AtomicInteger();
    /** Segment files made new (zero-filled), and made of a retired one. */
    final AtomicInteger created = new AtomicInteger();

    final AtomicInteger reused = new AtomicInteger();
    volatile CountDownLatch holdForce;

    @Override
    public Channel create(Path path, long preallocate) throws IOException {
        failIfAsked();
        created.incrementAndGet();
        return watched(files.create(path, preallocate));
    }

    @Override
    public Channel reuse(Path free, Path path) throws IOException {
        failIfAsked();
        reused.incrementAndGet();
        return watched(files.reuse(free, path));
    }

    @Override
    public void move(Path from, Path to) throws IOException {
        files.move(from, to);
    }

    private void failIfAsked() throws IOException {
        IOException failure = failCreates.get();
        if (failure != null) {
            throw failure;
        }
    }

    private Channel watched(Channel channel) {
        return new Channel() {
            @Override
            public void write(ByteBuffer buffer, int advance) throws IOException {
                IOException failure = failWrites.get();
                if (failure != null) {
                    throw failure;
                }
                channel.write(buffer, advance);
                writes.incrementAndGet();
            }

            @Override
            public void force() throws IOException {
                forcing.incrementAndGet();
                try {
                    CountDownLatch hold = holdForce;
                    if (hold != null) {
                        hold.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    forcing.decrementAndGet();
                }
                IOException failure = failForces.get();
                if (failure != null) {
                    throw failure;
                }
                channel.force();
                forces.incrementAndGet();
            }

            @Override
            public long size() {
                return channel.size();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @Override
    public void delete(Path path) throws IOException {
        files.delete(path);
    }
}

package io.marketflow.store.journal;

import io.marketflow.store.coordinator.AdmissionJournal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only write-ahead log in numbered segment files. {@link #append} returns once the record is fsynced.
 *
 * <p><b>Group commit.</b> Appenders write their record under a lock (into the page cache: cheap) and wait until
 * it is durable. Whoever finds no fsync running becomes the leader: it fsyncs outside the lock, which makes
 * durable every record written before it started, then wakes the others. Records that arrive during an fsync
 * are covered together by the next one, so the cost is one fsync per flush, not per request.
 *
 * <p><b>Settlement.</b> Each record's {@link Ticket} counts its items down as the coordinator writes or
 * dead-letters them. A segment that is full (rolled at {@code segmentBytes}) and has no unsettled record is
 * retired, so the journal holds little more than what is queued, plus the segment being written and up to
 * {@value #KEPT_FREE} retired files kept for reuse.
 *
 * <p><b>Preallocation and recycling.</b> Records overwrite blocks that exist already, so that an fsync carries data
 * only, not a file-size change: a new segment is made of a retired file (renamed from {@code N.free}, as PostgreSQL
 * recycles its WAL files), or else zero-filled to {@code segmentBytes}; the next one is prepared in the background,
 * so a roll-over does not wait. Every record carries its segment's number, and four zero bytes follow the last: a
 * reader takes the records of the file's previous use, or the zeros of a new one, for the unused rest of the segment.
 *
 * <p><b>Failure.</b> A failed write or fsync fails every record not yet durable ({@link #append} throws), seals the
 * segment, and the next append starts a new one. {@link #failure()} says why until an fsync succeeds again.
 *
 * <p><b>Recovery.</b> {@link #open} reads the segments a previous process left: {@link #recovered()} are their
 * whole records, oldest first, except those marked refused; a torn or corrupt record is skipped and counted in
 * {@link #recovery()}. The caller re-submits them (which journals them again) and then calls
 * {@link #releaseRecovered()} to delete the old segments. One process per directory.
 */
public final class Journal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("\\d{20}\\.journal");
    private static final Pattern FREE_NAME = Pattern.compile("\\d{20}\\.free");
    /** Retired segment files kept for reuse: one is enough while segments settle as fast as they fill. */
    static final int KEPT_FREE = 2;

    private final Path directory;
    private final long segmentBytes;
    private final SegmentStorage storage;
    private final JournalListener listener;
    private final LongSupplier nanoTime;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition durable = lock.newCondition();
    private final List<Segment> live = new ArrayList<>();
    private final Deque<Free> free = new ArrayDeque<>();
    private final List<Path> recoveredSegments;
    private final List<RecordFormat.Entry> recovered;
    private final Recovery recovery;

    private Segment current;
    private long nextSegmentId;
    private long nextSeq;
    private long lastWritten;
    private long syncedThrough;
    private long failedThrough;
    private boolean syncing;
    private boolean closed;
    private volatile Exception failure;
    private long recoveredBytes;
    private CompletableFuture<Segment> spare;
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "journal-segment-preparer");
        thread.setDaemon(true);
        return thread;
    });
    private FileChannel owner;

    /** A retired segment file, kept to be made the next segment. */
    private record Free(Path path, long bytes) {}

    /** What {@link #open} found on disk. */
    public record Recovery(int segments, int records, int skippedRegions, long skippedBytes, int tornTails) {}

    /** What {@link #open} read from the segments a previous process left, before this process writes any. */
    private record Found(
            List<Path> segments,
            List<Free> free,
            List<RecordFormat.Entry> entries,
            Recovery recovery,
            long nextSegmentId,
            long nextSeq,
            long bytes) {}

    private Journal(
            Path directory,
            long segmentBytes,
            SegmentStorage storage,
            JournalListener listener,
            LongSupplier nanoTime,
            Found found) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.storage = storage;
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.recoveredSegments = new ArrayList<>(found.segments());
        this.free.addAll(found.free());
        this.recovered = found.entries();
        this.recovery = found.recovery();
        this.nextSegmentId = found.nextSegmentId();
        this.nextSeq = found.nextSeq();
        this.lastWritten = nextSeq - 1;
        this.syncedThrough = nextSeq - 1;
        this.failedThrough = nextSeq - 1;
        this.recoveredBytes = found.bytes();
    }

    /** Opens (creating if needed) the journal in {@code directory} and reads what a previous process left there. */
    public static Journal open(Path directory, long segmentBytes, JournalListener listener) throws IOException {
        return open(directory, segmentBytes, SegmentStorage.files(), listener, System::nanoTime);
    }

    static Journal open(
            Path directory, long segmentBytes, SegmentStorage storage, JournalListener listener, LongSupplier nanoTime)
            throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (segmentBytes < RecordFormat.HEADER) {
            throw new IllegalArgumentException("segment size must be at least " + RecordFormat.HEADER + " bytes");
        }
        Files.createDirectories(directory);
        FileChannel owner = lockDirectory(directory);
        List<Path> segments = list(directory, SEGMENT_NAME);
        List<Free> free = keptFree(list(directory, FREE_NAME), segmentBytes);
        List<RecordFormat.Entry> data = new ArrayList<>();
        Set<Long> refused = new HashSet<>();
        int records = 0;
        int regions = 0;
        int torn = 0;
        long skipped = 0;
        long maxSeq = 0;
        long size = 0;
        for (Path segment : segments) {
            byte[] content = Files.readAllBytes(segment);
            size += content.length;
            RecordFormat.Scan scan = RecordFormat.scan(content, Segment.id(segment));
            regions += scan.skippedRegions();
            skipped += scan.skippedBytes();
            torn += scan.tornTail() ? 1 : 0;
            if (scan.skippedRegions() > 0) {
                log.warn(
                        "journal segment {}: skipped {} damaged region(s), {} bytes; the whole records around them"
                                + " are recovered",
                        segment,
                        scan.skippedRegions(),
                        scan.skippedBytes());
            }
            if (scan.tornTail()) {
                log.info(
                        "journal segment {}: ignoring a torn last record (cut short by a crash, never"
                                + " acknowledged)",
                        segment);
            }
            for (RecordFormat.Entry entry : scan.entries()) {
                maxSeq = Math.max(maxSeq, entry.seq());
                if (entry.type() == RecordFormat.REFUSED) {
                    refused.add(ByteBuffer.wrap(entry.payload()).getLong());
                } else if (entry.type() == RecordFormat.DATA) {
                    data.add(entry);
                }
            }
        }
        List<RecordFormat.Entry> kept = new ArrayList<>();
        for (RecordFormat.Entry entry : data) {
            if (!refused.contains(entry.seq())) {
                kept.add(entry);
                records++;
            }
        }
        // A new segment's number must be above that of every record any file still holds.
        long lastId = 0;
        for (Path path : segments) {
            lastId = Math.max(lastId, Segment.id(path));
        }
        for (Free file : free) {
            lastId = Math.max(lastId, Segment.id(file.path()));
        }
        Found found = new Found(
                segments,
                free,
                List.copyOf(kept),
                new Recovery(segments.size(), records, regions, skipped, torn),
                lastId + 1,
                maxSeq + 1,
                size);
        Journal journal = new Journal(directory, segmentBytes, storage, listener, nanoTime, found);
        journal.owner = owner;
        return journal;
    }

    private static List<Path> list(Path directory, Pattern names) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> names.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }

    // Retired files a previous process kept: reused as they were, but no more than would be kept now.
    private static List<Free> keptFree(List<Path> files, long segmentBytes) throws IOException {
        List<Free> kept = new ArrayList<>();
        for (Path file : files) {
            long size = Files.size(file);
            if (kept.size() < KEPT_FREE && size >= segmentBytes) {
                kept.add(new Free(file, size));
            } else {
                Files.deleteIfExists(file);
            }
        }
        return kept;
    }

    // Two processes appending to one directory would replay and delete each other's records: refuse the second.
    private static FileChannel lockDirectory(Path directory) throws IOException {
        FileChannel channel =
                FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() != null) {
                return channel;
            }
        } catch (OverlappingFileLockException sameProcess) {
            // falls through
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        channel.close();
        throw new IOException("the journal directory " + directory.toAbsolutePath()
                + " is in use by another store; give each store its own MDS_JOURNAL_DIR");
    }

    /** Payloads of the whole, unrefused records found at {@link #open}, oldest first. */
    public List<byte[]> recovered() {
        return recovered.stream().map(RecordFormat.Entry::payload).toList();
    }

    public Recovery recovery() {
        return recovery;
    }

    /** Deletes the segments found at {@link #open}: call once their records are journaled again. */
    public void releaseRecovered() throws IOException {
        lock.lock();
        try {
            for (Path path : recoveredSegments) {
                storage.delete(path);
            }
            recoveredSegments.clear();
            recoveredBytes = 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends {@code payload} as one record of {@code items} items and returns once it is on disk.
     *
     * @throws IOException when it could not be written or fsynced; it must then be treated as not recorded
     */
    public Ticket append(byte[] payload, int items) throws IOException {
        lock.lock();
        try {
            if (closed) {
                throw new IOException("the journal is closed");
            }
            Segment segment = writable();
            long seq = nextSeq++;
            try {
                segment.write(seq, RecordFormat.DATA, payload);
            } catch (IOException e) {
                failed(e, segment);
                throw e;
            }
            segment.pending++;
            lastWritten = seq;
            try {
                awaitDurable(seq);
            } catch (IOException e) {
                segment.pending--;
                retireIfDone(segment);
                throw e;
            }
            return new Ticket(segment, seq, items);
        } finally {
            lock.unlock();
        }
    }

    private Segment writable() throws IOException {
        if (current == null) {
            try {
                current = spare != null ? takeSpare() : createSegment(nextSegmentId++);
            } catch (IOException e) {
                failed(e, null);
                throw e;
            }
            live.add(current);
            prepareSpare();
        }
        return current;
    }

    private Segment createSegment(long id) throws IOException {
        Path path = directory.resolve(Segment.name(id));
        return new Segment(id, path, storage.create(path, segmentBytes));
    }

    // Preparing a segment takes a while (zero-filling most of all): the next one is prepared in the background,
    // ready when it is needed. Called with the lock held.
    private void prepareSpare() {
        long id = nextSegmentId++;
        Free retired = free.poll();
        spare = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return retired == null ? createSegment(id) : reuseOrCreate(id, retired);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                },
                preparer);
    }

    private Segment reuseOrCreate(long id, Free retired) throws IOException {
        Path path = directory.resolve(Segment.name(id));
        try {
            return new Segment(id, path, storage.reuse(retired.path(), path));
        } catch (IOException e) {
            log.debug("journal {}: cannot reuse {}; making a new segment", directory, retired.path(), e);
            try {
                storage.delete(retired.path());
            } catch (IOException ignored) {
                // a later start deletes it
            }
            return createSegment(id);
        }
    }

    private Segment takeSpare() throws IOException {
        CompletableFuture<Segment> next = spare;
        spare = null;
        try {
            return next.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void awaitDurable(long seq) throws IOException {
        while (syncedThrough < seq) {
            if (failedThrough >= seq) {
                Exception cause = failure;
                throw new IOException("the journal could not make the record durable: " + describe(cause), cause);
            }
            if (syncing) {
                durable.awaitUninterruptibly();
                continue;
            }
            if (current == null) {
                // Not reachable: an unsynced record is in the current segment or covered by a running fsync.
                throw new IOException("the journal lost track of record " + seq);
            }
            lead();
        }
    }

    // Called with the lock held; releases it while the fsync runs.
    private void lead() {
        syncing = true;
        long target = lastWritten;
        int records = (int) (target - syncedThrough);
        Segment segment = current;
        boolean retire = segment.bytes >= segmentBytes;
        if (retire) {
            // Everything written to it so far is covered by this fsync; later records go to a new segment.
            segment.sealed = true;
            current = null;
        }
        segment.forcing = true;
        lock.unlock();
        long started = nanoTime.getAsLong();
        IOException error = null;
        try {
            segment.channel.force();
        } catch (IOException e) {
            error = e;
        }
        long took = nanoTime.getAsLong() - started;
        lock.lock();
        syncing = false;
        segment.forcing = false;
        if (error == null) {
            syncedThrough = Math.max(syncedThrough, target);
            if (failure != null && target > failedThrough) {
                failure = null;
                log.info("journal {}: writable again", directory);
            }
            listener.onFsync(took, records);
        } else {
            failed(error, segment);
        }
        retireIfDone(segment);
        durable.signalAll();
    }

    // A failed write or fsync fails every record written but not yet durable, and the segment takes no more records.
    // A segment that could not be created (segment null) fails only the append that wanted it.
    private void failed(IOException error, Segment segment) {
        if (failure == null) {
            log.error(
                    "journal {}: cannot write ({}); ingest requests are refused with 503 until it can",
                    directory,
                    describe(error));
        }
        failure = error;
        if (segment != null) {
            failedThrough = Math.max(failedThrough, lastWritten);
            segment.sealed = true;
            if (current == segment) {
                current = null;
            }
        }
        listener.onFailure(error);
        durable.signalAll();
    }

    // A settled segment's file is kept for reuse while the disk works and fewer than KEPT_FREE are kept; else deleted.
    private void retireIfDone(Segment segment) {
        if (!segment.sealed || segment.forcing || segment.pending > 0 || segment.retired) {
            return;
        }
        segment.retired = true;
        live.remove(segment);
        long size = segment.channel.size();
        try {
            segment.channel.close();
            if (failure == null && free.size() < KEPT_FREE && size >= segmentBytes) {
                Path kept = directory.resolve(Segment.freeName(segment.id));
                storage.move(segment.path, kept);
                free.add(new Free(kept, size));
            } else {
                storage.delete(segment.path);
            }
        } catch (IOException e) {
            // Left behind: a later start replays its records again, which the upserts make harmless.
            log.warn("journal: cannot retire settled segment {}: {}", segment.path, e.toString());
        }
    }

    private void settled(Segment segment) {
        lock.lock();
        try {
            segment.pending--;
            retireIfDone(segment);
        } finally {
            lock.unlock();
        }
    }

    // Best effort and not waited for: if it is lost in a crash, the refused items are replayed (written at most
    // once more; the client was told to retry them anyway).
    private void markRefused(Segment segment, long seq) {
        lock.lock();
        try {
            if (current != null && !closed) {
                current.write(
                        nextSeq++,
                        RecordFormat.REFUSED,
                        ByteBuffer.allocate(8).putLong(seq).array());
            }
        } catch (IOException e) {
            log.debug("journal: cannot mark record {} refused", seq, e);
        } finally {
            lock.unlock();
        }
        settled(segment);
    }

    /**
     * While {@link #failure()} is set, writes and fsyncs one probe record (a refusal mark that refers to no record)
     * and clears the failure when that works. Appends do the same, but a store reported not ready gets no appends:
     * call this periodically so that it becomes ready again once the disk is back. A no-op while the journal writes.
     */
    public void recheck() {
        if (failure == null) {
            return;
        }
        lock.lock();
        try {
            if (failure == null || closed || syncing) {
                return;
            }
            if (current == null) {
                try {
                    current = freshSegment();
                } catch (IOException e) {
                    log.debug("journal {}: still cannot create a segment", directory, e);
                    return;
                }
                live.add(current);
                prepareSpare();
            }
            Segment segment = current;
            long seq = nextSeq++;
            try {
                segment.write(
                        seq,
                        RecordFormat.REFUSED,
                        ByteBuffer.allocate(8).putLong(-1).array());
                lastWritten = seq;
                segment.channel.force();
            } catch (IOException e) {
                // As after a failed append, the segment takes no more records; not counted as a failure, since no
                // request was refused.
                log.debug("journal {}: still cannot write", directory, e);
                failedThrough = Math.max(failedThrough, seq);
                segment.sealed = true;
                current = null;
                retireIfDone(segment);
                return;
            }
            syncedThrough = Math.max(syncedThrough, seq);
            failure = null;
            log.info("journal {}: writable again", directory);
        } finally {
            lock.unlock();
        }
    }

    // The spare may have been prepared while the disk was failing: then a new one.
    private Segment freshSegment() throws IOException {
        if (spare != null) {
            try {
                return takeSpare();
            } catch (IOException stale) {
                log.debug("journal {}: the spare segment could not be prepared", directory, stale);
            }
        }
        return createSegment(nextSegmentId++);
    }

    /** Bytes the journal's files take on disk (segments are preallocated; retired files kept for reuse count). */
    public long bytes() {
        lock.lock();
        try {
            long total = recoveredBytes;
            for (Free file : free) {
                total += file.bytes();
            }
            for (Segment segment : live) {
                total += segment.channel.size();
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    /** Why appends fail, or {@code null} while they succeed. */
    public Exception failure() {
        return failure;
    }

    public Path directory() {
        return directory;
    }

    /** Segment files in use, those left by a previous process included. */
    public int segments() {
        lock.lock();
        try {
            return live.size() + recoveredSegments.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the files; retires the segments whose records are all settled. Segments with unsettled records (items
     * neither written nor dead-lettered) stay, and the next start replays them.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Segment segment : List.copyOf(live)) {
                segment.sealed = true;
                retireIfDone(segment);
                if (!segment.retired) {
                    try {
                        segment.channel.close();
                    } catch (IOException e) {
                        log.debug("journal: cannot close {}", segment.path, e);
                    }
                }
            }
            current = null;
            discardSpare();
            preparer.shutdown();
            if (owner != null) {
                owner.close();
            }
        } catch (IOException e) {
            log.debug("journal: cannot release the directory lock", e);
        } finally {
            lock.unlock();
        }
    }

    private void discardSpare() {
        if (spare == null) {
            return;
        }
        try {
            Segment unused = takeSpare();
            unused.sealed = true;
            retireIfDone(unused); // holds no record of its own: kept for reuse, or deleted
        } catch (IOException | RuntimeException e) {
            log.debug("journal: cannot discard the spare segment", e);
        }
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        return error.getMessage() == null ? error.toString() : error.getMessage();
    }

    /** One record of the journal: settled as the coordinator writes or dead-letters its items. */
    public final class Ticket implements AdmissionJournal.Receipt {

        private final Segment segment;
        private final long seq;
        private final AtomicInteger unsettled;

        private Ticket(Segment segment, long seq, int items) {
            this.segment = segment;
            this.seq = seq;
            this.unsettled = new AtomicInteger(items);
        }

        @Override
        public void settled(int items) {
            if (unsettled.addAndGet(-items) == 0) {
                Journal.this.settled(segment);
            }
        }

        @Override
        public void refused() {
            if (unsettled.getAndSet(0) > 0) {
                markRefused(segment, seq);
            }
        }
    }
}

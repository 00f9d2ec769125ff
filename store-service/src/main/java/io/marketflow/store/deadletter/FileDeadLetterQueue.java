package io.marketflow.store.deadletter;

import io.marketflow.contracts.deadletter.DeadLetterFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dead-letter queue kept as files in one directory, shared by every kind of item; {@link #shelf} gives the
 * {@link DeadLetterShelf} handle a coordinator writes to and replays from.
 *
 * <p>Each record is one file, {@code <epochMillis>-<seq>-<kind>-<items>.ndjson}, holding one JSON object on one
 * line with the fields {@code time}, {@code kind}, {@code coordinator_id}, {@code error}, {@code attempts} and
 * {@code items} (so {@code cat *.ndjson} yields an NDJSON stream). One file per record rather than one
 * appended log, because:
 *
 * <ul>
 *   <li>durability is simple: a record is written to {@code <name>.tmp}, fsynced, renamed atomically, and the
 *       directory fsynced before {@link DeadLetterShelf#deadLetter} returns. A crash leaves a complete record
 *       or a temp file; startup deletes temp files, whose items were never reported as dead-lettered;
 *   <li>replay removes a record once its items are committed by deleting one file: no rewriting of a shared
 *       log, no compaction, nothing half-done if the process dies during a replay;
 *   <li>the item count is in the name, so sizes come from a directory listing without parsing any record.
 * </ul>
 *
 * <p>The sequence number starts above the highest one on disk, so names never collide and records keep their
 * order across restarts. One process per directory.
 */
public final class FileDeadLetterQueue {

    private static final Logger log = LoggerFactory.getLogger(FileDeadLetterQueue.class);

    private final Path directory;
    private final JsonMapper mapper;
    private final Clock clock;
    private final AtomicLong sequence;
    private final Map<String, ReentrantLock> replayLocks = new ConcurrentHashMap<>();

    public FileDeadLetterQueue(Path directory, JsonMapper mapper) {
        this(directory, mapper, Clock.systemUTC());
    }

    /**
     * Opens (creating if needed) the queue in {@code directory}, deleting temp files a crash may have left.
     *
     * @throws UncheckedIOException when the directory cannot be created or listed
     */
    public FileDeadLetterQueue(Path directory, JsonMapper mapper, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(directory);
            deleteTempFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open dead-letter directory " + directory.toAbsolutePath(), e);
        }
        this.sequence = new AtomicLong(
                list(null).stream().mapToLong(RecordFile::sequence).max().orElse(0) + 1);
    }

    /** The handle for one kind of item; records it writes carry no coordinator id. */
    public <T> DeadLetterShelf<T> shelf(String kind, Class<T> type) {
        return shelf(kind, type, null);
    }

    /**
     * The handle for one kind of item ({@code bars}, {@code options}, ...: lower-case letters, digits and
     * {@code _}), writing {@code coordinatorId} into its records.
     */
    public <T> DeadLetterShelf<T> shelf(String kind, Class<T> type, String coordinatorId) {
        DeadLetterFile.requireKind(kind);
        Objects.requireNonNull(type, "type");
        return new DeadLetterShelf<>(this, kind, type, coordinatorId);
    }

    public Path directory() {
        return directory;
    }

    /** Records of every kind. */
    public int size() {
        return list(null).size();
    }

    /** Items in the records of every kind. */
    public long itemCount() {
        return list(null).stream().mapToLong(RecordFile::items).sum();
    }

    /** Records of {@code kind} (every kind when {@code null}), oldest first. */
    List<RecordFile> list(String kind) {
        try {
            return DeadLetterFile.list(directory, kind).stream()
                    .map(file -> new RecordFile(file.path(), file.sequence(), file.kind(), file.items()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list dead-letter directory " + directory.toAbsolutePath(), e);
        }
    }

    /** Writes one record and returns once it is durable. */
    void append(String kind, String coordinatorId, List<?> items, String error, int attempts) throws IOException {
        DeadLetterFile.Header header =
                new DeadLetterFile.Header(clock.instant(), kind, coordinatorId, null, error, attempts);
        DeadLetterFile.write(mapper, directory, sequence.getAndIncrement(), header, items);
        syncDirectory();
    }

    <T> DeadLetterRecord<T> read(RecordFile file, Class<T> type) throws IOException {
        DeadLetterFile.Contents<T> record = DeadLetterFile.read(mapper, file.path(), type, file.items());
        DeadLetterFile.Header header = record.header();
        return new DeadLetterRecord<>(
                file.path().getFileName().toString(),
                header.time(),
                header.kind(),
                header.coordinatorId(),
                header.error(),
                header.attempts(),
                record.items());
    }

    void delete(RecordFile file) throws IOException {
        Files.deleteIfExists(file.path());
        syncDirectory();
    }

    ReentrantLock replayLock(String kind) {
        return replayLocks.computeIfAbsent(kind, k -> new ReentrantLock());
    }

    private void deleteTempFiles() throws IOException {
        DeadLetterFile.deleteUnfinished(directory)
                .forEach(path -> log.warn("deleted unfinished dead-letter file {} left by a crash", path));
    }

    private void syncDirectory() {
        if (!DeadLetterFile.syncDirectory(directory)) {
            log.debug("cannot fsync dead-letter directory {}", directory);
        }
    }

    /** A record file as listed, before it is read. */
    record RecordFile(Path path, long sequence, String kind, int items) {}
}

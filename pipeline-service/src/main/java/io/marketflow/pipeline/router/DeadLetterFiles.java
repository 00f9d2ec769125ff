package io.marketflow.pipeline.router;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.deadletter.DeadLetterFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pipeline's dead-letter queue: bars the store refused for good, one file per refused batch, in the
 * store's record format ({@code <epochMillis>-<seq>-bars-<items>.ndjson}: one JSON line with {@code time},
 * {@code kind}, {@code coordinator_id}, {@code error}, {@code attempts}, {@code items}, plus {@code provider}),
 * so the two directories read alike and a record can be moved to the store's and replayed there. A record is
 * written to a temp file, fsynced, renamed into place and the directory fsynced before {@link #park} completes;
 * a crash leaves a complete record or a temp file, which the next start deletes (its bars were never reported
 * parked, and the router still held them). The directory is created on the first record. One process per
 * directory.
 *
 * <p>{@link #summary()} is kept in memory (listed once at start, then counted as this process writes and deletes
 * records), so {@code GET /rates} and the {@code pipeline_dlq_items} gauge never list the directory on a Netty
 * thread. A record moved away by hand stays counted until the next start.
 */
public final class DeadLetterFiles implements DeadLetters {

    static final String KIND = "bars";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterFiles.class);

    /** One record as listed: its file, its place in the order and its size, read from the name. */
    public record Entry(Path path, long sequence, int items) {

        public String id() {
            return path.getFileName().toString();
        }
    }

    /** One record as read back. */
    public record Record(String id, Instant time, String provider, String error, int attempts, List<Bar> items) {}

    /** What is parked now. */
    public record Summary(int records, long items) {}

    private final Path directory;
    private final JsonMapper mapper;
    private final Clock clock;
    private final AtomicLong sequence;
    private final AtomicReference<Summary> parked;

    /** @throws UncheckedIOException when an existing directory cannot be listed */
    public DeadLetterFiles(Path directory, JsonMapper mapper, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.clock = Objects.requireNonNull(clock, "clock");
        deleteTempFiles();
        List<Entry> existing = list();
        this.sequence = new AtomicLong(
                existing.stream().mapToLong(Entry::sequence).max().orElse(0) + 1);
        this.parked = new AtomicReference<>(new Summary(
                existing.size(), existing.stream().mapToLong(Entry::items).sum()));
    }

    public Path directory() {
        return directory;
    }

    /** Writes the record on a thread that may block (fsync), never on the caller's. */
    @Override
    public Mono<Void> park(String provider, List<Bar> bars, String error, int attempts) {
        List<Bar> items = List.copyOf(bars);
        return Mono.<Void>fromCallable(() -> {
                    append(provider, items, error, attempts);
                    return null;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** Writes one record and returns once it is durable. */
    public void append(String provider, List<Bar> items, String error, int attempts) throws IOException {
        Files.createDirectories(directory);
        DeadLetterFile.Header header =
                new DeadLetterFile.Header(clock.instant(), KIND, null, provider, error, attempts);
        DeadLetterFile.write(mapper, directory, sequence.getAndIncrement(), header, items);
        count(1, items.size());
        syncDirectory();
    }

    /** Every record, oldest first; empty when the directory does not exist yet. */
    public List<Entry> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try {
            return DeadLetterFile.list(directory, KIND).stream()
                    .map(file -> new Entry(file.path(), file.sequence(), file.items()))
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list dead-letter directory " + directory.toAbsolutePath(), e);
        }
    }

    /** What is parked now, from memory: cheap enough for an event-loop thread. */
    public Summary summary() {
        return parked.get();
    }

    /** {@code {directory, records, items}}: the files as {@code GET /admin/dlq} and {@code GET /rates} show them. */
    public Map<String, Object> describe() {
        Summary summary = summary();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("directory", directory().toString());
        body.put("records", summary.records());
        body.put("items", summary.items());
        return body;
    }

    private void count(int records, long items) {
        parked.updateAndGet(now -> new Summary(now.records() + records, now.items() + items));
    }

    public Record read(Entry entry) throws IOException {
        DeadLetterFile.Contents<Bar> record = DeadLetterFile.read(mapper, entry.path(), Bar.class, entry.items());
        DeadLetterFile.Header header = record.header();
        return new Record(
                entry.id(), header.time(), header.provider(), header.error(), header.attempts(), record.items());
    }

    public void delete(Entry entry) throws IOException {
        if (Files.deleteIfExists(entry.path())) {
            count(-1, -entry.items());
        }
        syncDirectory();
    }

    private void deleteTempFiles() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try {
            DeadLetterFile.deleteUnfinished(directory)
                    .forEach(path -> log.warn("deleted unfinished dead-letter file {} left by a crash", path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open dead-letter directory " + directory.toAbsolutePath(), e);
        }
    }

    private void syncDirectory() {
        if (!DeadLetterFile.syncDirectory(directory)) {
            log.debug("cannot fsync dead-letter directory {}", directory);
        }
    }
}

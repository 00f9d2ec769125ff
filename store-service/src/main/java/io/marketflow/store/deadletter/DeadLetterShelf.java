package io.marketflow.store.deadletter;

import io.marketflow.store.coordinator.CommitResult;
import io.marketflow.store.coordinator.DeadLetterSink;
import io.marketflow.store.deadletter.FileDeadLetterQueue.RecordFile;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shelf of one kind of item in the dead-letter queue: its coordinator's {@link DeadLetterSink}, the records
 * it holds, and the way back into the coordinator through {@link #replay}.
 *
 * @param <T> item type, read back from JSON with the queue's mapper
 */
public final class DeadLetterShelf<T> implements DeadLetterSink<T> {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterShelf.class);

    private final FileDeadLetterQueue queue;
    private final String kind;
    private final Class<T> type;
    private final String coordinatorId;

    DeadLetterShelf(FileDeadLetterQueue queue, String kind, Class<T> type, String coordinatorId) {
        this.queue = queue;
        this.kind = kind;
        this.type = type;
        this.coordinatorId = coordinatorId;
    }

    /** Re-submits items and says when they are committed, e.g. {@code items -> coordinator.submitMany(items, true).committed()}. */
    @FunctionalInterface
    public interface Resubmitter<T> {

        CompletableFuture<CommitResult> resubmit(List<T> items) throws Exception;
    }

    /** Writes one record; returns once it is on disk (fsynced and renamed into place). */
    @Override
    public void deadLetter(List<T> items, String error, int attempts) throws IOException {
        Objects.requireNonNull(items, "items");
        if (!items.isEmpty()) {
            queue.append(kind, coordinatorId, items, error, attempts);
        }
    }

    public String kind() {
        return kind;
    }

    public int size() {
        return queue.list(kind).size();
    }

    public long itemCount() {
        return queue.list(kind).stream().mapToLong(RecordFile::items).sum();
    }

    /** Up to {@code max} records, oldest first; records that cannot be read are logged and left out. */
    public List<DeadLetterRecord<T>> records(int max) {
        List<DeadLetterRecord<T>> records = new ArrayList<>();
        for (RecordFile file : queue.list(kind)) {
            if (records.size() >= max) {
                break;
            }
            try {
                records.add(queue.read(file, type));
            } catch (IOException | RuntimeException e) {
                log.warn("unreadable dead-letter record {}: {}", file.path(), e.toString());
            }
        }
        return records;
    }

    /** {@link #replay(int, Duration, Resubmitter)} without a time limit. */
    public ReplayResult replay(int maxRecords, Resubmitter<T> resubmitter) {
        return replay(maxRecords, null, resubmitter);
    }

    /**
     * Re-submits the items of up to {@code maxRecords} records, oldest first, and deletes each record only
     * once its items are committed (written, or dead-lettered again into a new record). A record whose items
     * cannot be read, re-submitted or committed within {@code timeout} stays, so a crash or failure during
     * replay loses nothing; at worst items are written twice, which the sinks' upserts make harmless.
     * Re-submission stops at the first refusal (queue full, shutting down). One replay per kind at a time.
     *
     * @throws IllegalStateException when a replay of this kind is already running
     */
    public ReplayResult replay(int maxRecords, Duration timeout, Resubmitter<T> resubmitter) {
        Objects.requireNonNull(resubmitter, "resubmitter");
        ReentrantLock lock = queue.replayLock(kind);
        if (!lock.tryLock()) {
            throw new IllegalStateException("a replay of dead-letter kind " + kind + " is already running");
        }
        try {
            return new Replay(timeout).run(maxRecords, resubmitter);
        } finally {
            lock.unlock();
        }
    }

    private final class Replay {

        private final long deadline;
        private int replayed;
        private long items;
        private int failed;
        private String error;

        Replay(Duration timeout) {
            this.deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        }

        ReplayResult run(int maxRecords, Resubmitter<T> resubmitter) {
            List<Pending> pending = new ArrayList<>();
            // Submit first, then wait: the coordinator batches all of them together instead of one flush each.
            for (RecordFile file :
                    queue.list(kind).stream().limit(Math.max(0, maxRecords)).toList()) {
                DeadLetterRecord<T> record;
                try {
                    record = queue.read(file, type);
                } catch (IOException | RuntimeException e) {
                    fail(file, "unreadable", e);
                    continue;
                }
                try {
                    pending.add(new Pending(file, record.items().size(), resubmitter.resubmit(record.items())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail(file, "interrupted while re-submitting", e);
                    break;
                } catch (Exception e) {
                    fail(file, "not re-submitted", e);
                    break;
                }
            }
            for (Pending next : pending) {
                await(next);
            }
            return new ReplayResult(replayed, items, failed, size(), error);
        }

        private void await(Pending next) {
            try {
                Objects.requireNonNull(next.committed(), "resubmitter returned no future");
                long wait = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
                next.committed().get(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(next.file(), "interrupted while waiting for the commit", e);
                return;
            } catch (ExecutionException e) {
                fail(next.file(), "not committed", e.getCause());
                return;
            } catch (TimeoutException | RuntimeException e) {
                fail(next.file(), "not committed in time", e);
                return;
            }
            try {
                queue.delete(next.file());
                replayed++;
                items += next.items();
            } catch (IOException e) {
                // Committed but still on disk: a later replay writes the items again, harmlessly.
                fail(next.file(), "committed but not deleted", e);
            }
        }

        private void fail(RecordFile file, String what, Throwable cause) {
            failed++;
            String message = file.path().getFileName() + ": " + what + ": " + cause;
            log.warn("dead-letter replay kept {}", message);
            if (error == null) {
                error = message;
            }
        }
    }

    private record Pending(RecordFile file, int items, CompletableFuture<CommitResult> committed) {}
}

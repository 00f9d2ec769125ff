package io.marketflow.pipeline.router;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Re-sends parked records to the store, oldest first, one request per record, and deletes each record only
 * once the store has accepted its bars: a crash or a failure during a replay loses nothing, and re-sending
 * is harmless (the store upserts bars by key). A record the store refuses again stays, and the replay moves
 * on to the next; a store that is unavailable (throttled, unreachable, 5xx) ends the replay. One replay at a
 * time.
 */
public final class DeadLetterReplay {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);

    /**
     * @param refusedRecords records the store refused again (kept)
     * @param stoppedBy why the replay ended early, null when it went through every record it took
     */
    public record Result(
            int replayedRecords,
            long replayedItems,
            int refusedRecords,
            int remainingRecords,
            long remainingItems,
            String stoppedBy) {}

    /** Another replay is running. */
    public static final class AlreadyRunning extends RuntimeException {
        AlreadyRunning() {
            super("a dead-letter replay is already running; try again when it has finished");
        }
    }

    private final DeadLetterFiles files;
    private final StoreClient store;
    private final AtomicBoolean running = new AtomicBoolean();

    public DeadLetterReplay(DeadLetterFiles files, StoreClient store) {
        this.files = Objects.requireNonNull(files, "files");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Replays up to {@code max} records; errors with {@link AlreadyRunning} while another replay runs. */
    public Mono<Result> replay(int max) {
        return Mono.defer(() -> {
            if (!running.compareAndSet(false, true)) {
                return Mono.error(new AlreadyRunning());
            }
            Tally tally = new Tally();
            return Mono.fromCallable(() -> files.list().stream().limit(max).toList())
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMapMany(Flux::fromIterable)
                    .concatMap(entry -> replayOne(entry, tally), 0)
                    .takeUntil(stopped -> stopped)
                    .then(Mono.fromCallable(() -> {
                                DeadLetterFiles.Summary left = files.summary();
                                // Free before the result is out: a caller may start the next replay at once.
                                running.set(false);
                                return new Result(
                                        tally.replayed,
                                        tally.items,
                                        tally.refused,
                                        left.records(),
                                        left.items(),
                                        tally.stoppedBy);
                            })
                            .subscribeOn(Schedulers.boundedElastic()))
                    .doOnError(e -> running.set(false))
                    .doOnCancel(() -> running.set(false));
        });
    }

    /** Emits true when the replay must stop. */
    private Mono<Boolean> replayOne(DeadLetterFiles.Entry entry, Tally tally) {
        return Mono.fromCallable(() -> files.read(entry))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(record -> store.send(record.items()).flatMap(result -> {
                    if (result instanceof SendResult.Accepted) {
                        return Mono.fromCallable(() -> {
                                    files.delete(entry);
                                    tally.replayed++;
                                    tally.items += record.items().size();
                                    return false;
                                })
                                .subscribeOn(Schedulers.boundedElastic());
                    }
                    if (result instanceof SendResult.Rejected rejected) {
                        log.warn("dead-letter record {} refused again by the store: {}", entry.id(), rejected.detail());
                        tally.refused++;
                        return Mono.just(false);
                    }
                    tally.stoppedBy = "store unavailable: " + describe(result);
                    return Mono.just(true);
                }))
                .onErrorResume(IOException.class, e -> {
                    tally.stoppedBy = "cannot read or delete dead-letter record " + entry.id() + ": " + e.getMessage();
                    return Mono.just(true);
                });
    }

    private static String describe(SendResult result) {
        if (result instanceof SendResult.Throttled throttled) {
            return "answered " + throttled.status();
        }
        if (result instanceof SendResult.Failed failed) {
            return failed.reason();
        }
        return result instanceof SendResult.TooLarge ? "record too large for one request" : result.toString();
    }

    /** Counts of one replay; records are replayed one at a time, possibly on different threads. */
    private static final class Tally {
        volatile int replayed;
        volatile long items;
        volatile int refused;
        volatile String stoppedBy;
    }
}

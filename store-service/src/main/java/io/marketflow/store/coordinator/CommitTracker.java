package io.marketflow.store.coordinator;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts one tracked request's items down as they are written or dead-lettered, and completes its future when
 * none is left. One instance per request, shared by its items, so tracking costs nothing per item.
 */
final class CommitTracker {

    private final CompletableFuture<CommitResult> committed = new CompletableFuture<>();
    private final AtomicInteger pending;
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger deadLettered = new AtomicInteger();
    private volatile Throwable lostBecause;

    CommitTracker(int items) {
        this.pending = new AtomicInteger(items);
    }

    CompletableFuture<CommitResult> committed() {
        return committed;
    }

    static <T> void written(List<QueuedItem<T>> items) {
        forEachRun(items, Outcome.WRITTEN, null);
    }

    static <T> void deadLettered(List<QueuedItem<T>> items) {
        forEachRun(items, Outcome.DEAD_LETTERED, null);
    }

    static <T> void lost(List<QueuedItem<T>> items, Throwable error) {
        forEachRun(items, Outcome.LOST, error);
    }

    // Items of one request sit next to each other, so this settles each tracker once per run, not per item.
    private static <T> void forEachRun(List<QueuedItem<T>> items, Outcome outcome, Throwable error) {
        CommitTracker run = null;
        int count = 0;
        for (QueuedItem<T> item : items) {
            if (item.tracker() != run) {
                if (run != null) {
                    run.settle(outcome, count, error);
                }
                run = item.tracker();
                count = 0;
            }
            count++;
        }
        if (run != null) {
            run.settle(outcome, count, error);
        }
    }

    private void settle(Outcome outcome, int count, Throwable error) {
        switch (outcome) {
            case WRITTEN -> written.addAndGet(count);
            case DEAD_LETTERED -> deadLettered.addAndGet(count);
            case LOST -> lostBecause = error;
        }
        // The counters are updated before the countdown, so whoever reaches zero sees every count.
        if (pending.addAndGet(-count) == 0) {
            Throwable lost = lostBecause;
            if (lost != null) {
                committed.completeExceptionally(
                        new IOException("items could neither be written nor dead-lettered", lost));
            } else {
                committed.complete(new CommitResult(written.get(), deadLettered.get()));
            }
        }
    }

    private enum Outcome {
        WRITTEN,
        DEAD_LETTERED,
        LOST
    }
}

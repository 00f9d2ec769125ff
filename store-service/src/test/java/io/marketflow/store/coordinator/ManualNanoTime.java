package io.marketflow.store.coordinator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A nano-time source that moves only when a test says so, and counts how often it is read. The coordinator's
 * waiting threads re-read it at least every {@link StopSignal#POLL}, so {@link #awaitLookedAgain} tells a test
 * that they have looked at the time again (and, if nothing happened, decided not to act) without a fixed wait.
 */
final class ManualNanoTime implements LongSupplier {

    private final AtomicLong now = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();

    void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Override
    public long getAsLong() {
        reads.incrementAndGet();
        return now.get();
    }

    /** Waits (with a deadline) until the time has been read {@code times} more times from now on. */
    void awaitLookedAgain(int times) {
        long seen = reads.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() >= seen + times);
    }

    /**
     * Shuts {@code coordinator} down with {@code drainTimeout} on another thread, moving the time on until it
     * returns: the drain deadline is measured on this source, so it passes only when the test moves it.
     */
    ShutdownReport shutdown(WriteCoordinator<?> coordinator, Duration drainTimeout) throws Exception {
        CompletableFuture<ShutdownReport> stopping =
                CompletableFuture.supplyAsync(() -> coordinator.shutdown(drainTimeout));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            advance(drainTimeout);
            return stopping.isDone();
        });
        return stopping.get(1, TimeUnit.SECONDS);
    }
}

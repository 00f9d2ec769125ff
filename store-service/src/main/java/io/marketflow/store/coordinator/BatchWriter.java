package io.marketflow.store.coordinator;

import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Gets one batch into the sink, whatever it takes: transient failures are retried with backoff (a
 * Resilience4j {@link Retry} round); when a round is exhausted or the breaker is open the batch is kept and
 * tried again once the breaker allows; a data error splits the batch in halves until each bad row is alone,
 * and only those rows are dead-lettered. Gives up only when shutdown abandons the work, in which case
 * shutdown has claimed the batch from its {@link InFlight}.
 */
record BatchWriter<T>(
        BatchSink<T> sink,
        FailureClassifier classifier,
        Retry retry,
        WriteCircuitBreaker breaker,
        Ledger<T> ledger,
        StopSignal stop,
        CoordinatorListener listener,
        Duration pauseBetweenRounds,
        LongSupplier nanoTime) {

    /** This writer with the sink one worker writes through ({@link BatchSink#forOneWorker()}). */
    BatchWriter<T> forOneWorker() {
        return new BatchWriter<>(
                sink.forOneWorker(), classifier, retry, breaker, ledger, stop, listener, pauseBetweenRounds, nanoTime);
    }

    /**
     * Settles {@code part} of {@code flight}. With {@code permitHeld} the caller already holds a breaker
     * permission (a half-open probe) which the first attempt uses.
     */
    void deliver(InFlight<T> flight, List<QueuedItem<T>> part, boolean permitHeld) {
        boolean permit = permitHeld;
        while (true) {
            Attempt attempt = writeWithRetry(part, permit);
            switch (attempt.outcome()) {
                case WRITTEN -> {
                    if (flight.release(part)) {
                        ledger.written(part, attempt.nanos());
                    }
                    return;
                }
                case DATA_ERROR -> {
                    isolate(flight, part, attempt.error());
                    return;
                }
                case ABANDONED -> {
                    return;
                }
                case EXHAUSTED, NOT_PERMITTED -> {
                    // Keep the batch. A breaker that has not opened yet still gets a breather between rounds.
                    if (attempt.outcome() == Outcome.EXHAUSTED && breaker.closed() && !stop.pause(pauseBetweenRounds)) {
                        return;
                    }
                    permit = breaker.awaitPermission();
                    if (!permit) {
                        return;
                    }
                }
            }
        }
    }

    private void isolate(InFlight<T> flight, List<QueuedItem<T>> part, Exception error) {
        if (part.size() == 1) {
            if (flight.release(part)) {
                ledger.deadLetter(part, describe(error), 1);
            }
            return;
        }
        int middle = part.size() / 2;
        List<QueuedItem<T>> left = part.subList(0, middle);
        List<QueuedItem<T>> right = part.subList(middle, part.size());
        if (flight.split(part, left, right)) {
            deliver(flight, left, false);
            deliver(flight, right, false);
        }
    }

    private Attempt writeWithRetry(List<QueuedItem<T>> part, boolean permitHeld) {
        List<T> values = new ArrayList<>(part.size());
        part.forEach(item -> values.add(item.item()));
        Retry.Context<Void> round = retry.context();
        boolean permit = permitHeld;
        while (true) {
            if (stop.abandoned()) {
                if (permit) {
                    breaker.release();
                }
                return Attempt.of(Outcome.ABANDONED);
            }
            if (!permit && !breaker.tryAcquire()) {
                return Attempt.of(Outcome.NOT_PERMITTED);
            }
            permit = false;
            long started = nanoTime.getAsLong();
            try {
                sink.write(values);
            } catch (Exception e) {
                long took = nanoTime.getAsLong() - started;
                if (stop.abandoned()) {
                    // Cut short by shutdown: says nothing about the database.
                    breaker.release();
                    return Attempt.of(Outcome.ABANDONED);
                }
                boolean transientFailure = classifier.isTransient(e);
                listener.onWriteError(e, transientFailure);
                if (!transientFailure) {
                    breaker.succeeded(took);
                    return new Attempt(Outcome.DATA_ERROR, took, e);
                }
                breaker.failed(took, e);
                try {
                    round.onError(e); // sleeps the backoff, or throws once the round is exhausted
                } catch (Exception exhausted) {
                    Thread.interrupted(); // Retry re-asserts an interrupt that cut its sleep short
                    return Attempt.of(stop.abandoned() ? Outcome.ABANDONED : Outcome.EXHAUSTED);
                }
                continue;
            }
            long took = nanoTime.getAsLong() - started;
            breaker.succeeded(took);
            round.onComplete();
            return new Attempt(Outcome.WRITTEN, took, null);
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.toString() : message;
    }

    private enum Outcome {
        WRITTEN,
        DATA_ERROR,
        EXHAUSTED,
        NOT_PERMITTED,
        ABANDONED
    }

    private record Attempt(Outcome outcome, long nanos, Exception error) {
        static Attempt of(Outcome outcome) {
            return new Attempt(outcome, 0, null);
        }
    }
}

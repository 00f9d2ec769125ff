package io.marketflow.store.coordinator;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Takes items from producers into a bounded queue and writes them to a {@link BatchSink} in batches, on a
 * pool of worker threads, so that nothing admitted is lost: every item is eventually written or parked in
 * the dead-letter queue (and counted as one or the other).
 *
 * <ul>
 *   <li>Admission is all-or-nothing per request; when the queue is full the {@link OverflowStrategy} decides.
 *   <li>A free worker writes whatever is queued, up to {@code batchSize} items, without waiting for more:
 *       prompt under light load; under heavy load every worker is busy, items pile up meanwhile, and
 *       batches come out full.
 *   <li>Items of one key are written in the order they were admitted: a worker never takes an item whose key
 *       another worker holds ({@link BatchSink#keyHash}), so the version admitted last is the one kept.
 *   <li>Transient failures are retried with exponential backoff; {@code failureThreshold} consecutive ones
 *       open the circuit breaker, and while it is open workers take nothing, so the queue fills and the
 *       backpressure level tells producers to slow down. Data errors are narrowed to the bad rows, which
 *       alone are dead-lettered.
 *   <li>{@link #shutdown} stops admission, lets the workers drain, and dead-letters whatever is left at the
 *       deadline.
 *   <li>When the dead-letter queue itself refuses records, what it refused is held in memory and admission is
 *       refused ({@link DeadLetterUnavailableException}) until {@link HeldDeadLetters#retry} gets them in.
 * </ul>
 *
 * <p>Callers must {@link #start} it once and {@link #shutdown} it once; every other method is thread-safe.
 *
 * @param <T> item type
 */
public final class WriteCoordinator<T> {

    private static final double JITTER = 0.5;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);

    private final CoordinatorConfig config;
    private final CoordinatorListener listener;
    private final LongSupplier nanoTime;
    private final StopSignal stop;
    private final BatchSink<T> sink;
    private final BoundedQueue<T> queue;
    private final WriteCapacity capacityEstimate;
    private final Ledger<T> ledger;
    private final WriteCircuitBreaker breaker;
    private final Retry retry;
    private final BatchWriter<T> writer;
    private final AdmissionJournal<T> journal;
    private final Object lifecycle = new Object();
    private volatile List<Worker<T>> workers = List.of();
    private volatile List<Thread> threads = List.of();
    private boolean started;
    private ShutdownReport shutdownReport;

    public WriteCoordinator(
            CoordinatorConfig config,
            BatchSink<T> sink,
            FailureClassifier classifier,
            DeadLetterSink<T> deadLetters,
            CoordinatorListener listener) {
        this(config, sink, classifier, deadLetters, listener, System::nanoTime);
    }

    /**
     * As the five-argument constructor, with the nano-time source ({@link System#nanoTime} in production) that
     * every time-driven decision reads: the breaker's half-open delay, pauses between retry rounds, the enqueue
     * timeout, the shutdown deadline, queue delay and drain rate.
     */
    public WriteCoordinator(
            CoordinatorConfig config,
            BatchSink<T> sink,
            FailureClassifier classifier,
            DeadLetterSink<T> deadLetters,
            CoordinatorListener listener,
            LongSupplier nanoTime) {
        this(config, sink, classifier, deadLetters, listener, nanoTime, AdmissionJournal.none());
    }

    /**
     * As the six-argument constructor, with the {@code journal} every request is recorded in before it is
     * admitted (see {@link #submitMany}).
     */
    public WriteCoordinator(
            CoordinatorConfig config,
            BatchSink<T> sink,
            FailureClassifier classifier,
            DeadLetterSink<T> deadLetters,
            CoordinatorListener listener,
            LongSupplier nanoTime,
            AdmissionJournal<T> journal) {
        this.config = Objects.requireNonNull(config, "config");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.sink = Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(deadLetters, "deadLetters");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.stop = new StopSignal(nanoTime);
        this.listener = new SafeListener(listener == null ? List.of() : List.of(listener));
        DrainRate drainRate = new DrainRate(nanoTime);
        this.capacityEstimate = new WriteCapacity(nanoTime, config.batchSize());
        this.queue = new BoundedQueue<>(config, nanoTime, drainRate, capacityEstimate, this.listener);
        this.ledger = new Ledger<>(config.id(), deadLetters, this.listener, drainRate, capacityEstimate);
        this.breaker = new WriteCircuitBreaker(config.id(), config.breaker(), nanoTime, stop, this.listener);
        this.retry = retry(config.id(), config.retry());
        this.retry
                .getEventPublisher()
                .onRetry(event -> this.listener.onRetry(
                        event.getNumberOfRetryAttempts(), event.getLastThrowable(), event.getWaitInterval()));
        this.writer = new BatchWriter<>(
                sink,
                classifier,
                retry,
                breaker,
                ledger,
                stop,
                this.listener,
                config.retry().maxBackoff(),
                nanoTime);
    }

    private static Retry retry(String name, CoordinatorConfig.RetrySettings settings) {
        Backoff backoff = new Backoff(
                settings.initialBackoff(),
                settings.maxBackoff(),
                settings.multiplier(),
                settings.jitter() ? JITTER : 0);
        // Only transient failures reach the retry; data errors are isolated, not retried.
        return Retry.of(
                name,
                RetryConfig.custom()
                        .maxAttempts(settings.maxAttempts())
                        // At least 1 ms, as Resilience4j's own random backoff keeps it.
                        .intervalFunction(
                                attempt -> Math.max(1, backoff.delay(attempt).toMillis()))
                        .retryOnException(e -> true)
                        .build());
    }

    /** Starts the worker threads. */
    public void start() {
        synchronized (lifecycle) {
            if (started || shutdownReport != null) {
                throw new IllegalStateException("write coordinator " + config.id() + " was already started");
            }
            started = true;
            List<Worker<T>> newWorkers = new ArrayList<>();
            List<Thread> newThreads = new ArrayList<>();
            for (int i = 1; i <= config.workers(); i++) {
                Worker<T> worker = new Worker<>(queue, writer.forOneWorker());
                Thread thread = new Thread(worker, config.id() + "-writer-" + i);
                // A worker stuck in the database must not keep the JVM alive; shutdown reclaims its batch.
                thread.setDaemon(true);
                newWorkers.add(worker);
                newThreads.add(thread);
            }
            workers = List.copyOf(newWorkers);
            threads = List.copyOf(newThreads);
            threads.forEach(Thread::start);
        }
    }

    /**
     * Admits all of {@code items} or none of them. The items are in the journal (on disk) before they are
     * queued; a request refused after that is marked refused there, so it is not replayed after a restart.
     *
     * @param trackCommit when {@code true}, the returned {@link Admission#committed()} completes once every
     *     item is written or dead-lettered (it fails only if the dead-letter queue itself fails)
     * @throws IllegalArgumentException when the request is larger than the queue's capacity
     * @throws QueueFullException with {@link OverflowStrategy#ERROR} at once, with {@link OverflowStrategy#BLOCK}
     *     after the enqueue timeout
     * @throws CoordinatorClosedException once shutdown has begun
     * @throws DeadLetterUnavailableException while the dead-letter queue refuses records
     * @throws JournalUnavailableException when the journal could not make the items durable
     */
    public Admission submitMany(List<T> items, boolean trackCommit) throws InterruptedException {
        Objects.requireNonNull(items, "items");
        int count = items.size();
        String deadLetterFailure = ledger.failure();
        if (deadLetterFailure != null && count > 0) {
            throw new DeadLetterUnavailableException(config.id(), deadLetterFailure);
        }
        if (count > config.capacity()) {
            throw new IllegalArgumentException("a request of " + count + " items exceeds the capacity ("
                    + config.capacity() + ") of write coordinator " + config.id()
                    + "; split it into requests of at most " + config.capacity() + " items");
        }
        if (count == 0) {
            return new Admission(0, trackCommit ? CompletableFuture.completedFuture(new CommitResult(0, 0)) : null);
        }
        CommitTracker tracker = trackCommit ? new CommitTracker(count) : null;
        long now = nanoTime.getAsLong();
        List<QueuedItem<T>> request = new ArrayList<>(count);
        for (T item : items) {
            Objects.requireNonNull(item, "items must not contain null");
        }
        AdmissionJournal.Receipt receipt = journal.record(items);
        for (T item : items) {
            request.add(new QueuedItem<>(item, tracker, now, receipt, sink.keyHash(item)));
        }
        List<QueuedItem<T>> evicted;
        try {
            evicted = queue.offer(
                    request, config.overflowStrategy(), config.enqueueTimeout().toNanos());
        } catch (InterruptedException | RuntimeException refused) {
            receipt.refused();
            throw refused;
        }
        ledger.submitted(count);
        if (!evicted.isEmpty()) {
            listener.onDropped(evicted.size());
            ledger.deadLetter(evicted, "dropped by the drop_oldest overflow strategy: write queue was full", 0);
        }
        return new Admission(count, tracker == null ? null : tracker.committed());
    }

    /** {@link #submitMany} for one item. */
    public Admission submit(T item, boolean trackCommit) throws InterruptedException {
        return submitMany(List.of(item), trackCommit);
    }

    public CoordinatorHealth health() {
        int size = queue.size();
        int alive = 0;
        for (Thread thread : threads) {
            alive += thread.isAlive() ? 1 : 0;
        }
        return new CoordinatorHealth(
                config.id(), alive, config.workers(), size, config.capacity(), queue.refreshLevel(), breaker.state());
    }

    /**
     * Items per second this coordinator can commit, measured while its workers write (see the README's
     * "Feedback levels"); {@code null} until a first batch has been settled. Never 0 merely for lack of traffic.
     */
    public Double drainRate() {
        return capacityEstimate.perSecond();
    }

    /** How long the oldest queued item has been waiting; zero when nothing is queued. */
    public Duration queueDelay() {
        return Duration.ofNanos(queue.queueDelayNanos());
    }

    /** Items queued now (a lock-free read; {@link #health} gives the full picture). */
    public int queueSize() {
        return queue.size();
    }

    /** The items the dead-letter queue refused, held in memory until it takes them. */
    public HeldDeadLetters heldDeadLetters() {
        return ledger;
    }

    public CoordinatorConfig config() {
        return config;
    }

    /** The backpressure level, re-evaluated now (a level held by the minimum dwell may relax here). */
    public BackpressureLevel level() {
        return queue.refreshLevel();
    }

    /**
     * The circuit breaker, for {@code system.ResilienceMetrics} (another package, hence public) to publish its
     * resilience4j-micrometer meters; do not drive it by hand.
     */
    public CircuitBreaker circuitBreaker() {
        return breaker.circuitBreaker();
    }

    /** The retry, public for the same reason as {@link #circuitBreaker()}; do not drive it by hand. */
    public Retry retry() {
        return retry;
    }

    /** Waits until nothing is queued and no worker holds a batch; {@code false} on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return queue.awaitIdle(timeout.toNanos());
    }

    /**
     * Stops admitting, lets the workers write what is queued for up to {@code drainTimeout}, then dead-letters
     * everything still queued or held by a worker (a worker stuck in the database included). Safe to call
     * more than once: later calls return the first report.
     */
    public ShutdownReport shutdown(Duration drainTimeout) {
        synchronized (lifecycle) {
            if (shutdownReport == null) {
                shutdownReport = drainAndStop(drainTimeout);
            }
            return shutdownReport;
        }
    }

    private ShutdownReport drainAndStop(Duration drainTimeout) {
        long begun = nanoTime.getAsLong();
        long deadline = begun + drainTimeout.toNanos();
        queue.close();
        boolean drained = joinWorkers(deadline) && queue.closingAndEmpty();
        int parked = 0;
        if (!drained) {
            stop.abandon();
            List<QueuedItem<T>> left = new ArrayList<>(queue.drainAll());
            workers.forEach(worker -> left.addAll(worker.claim()));
            threads.forEach(Thread::interrupt);
            String reason = "not written before the shutdown drain timeout of " + drainTimeout.toMillis() + " ms";
            for (int from = 0; from < left.size(); from += config.batchSize()) {
                ledger.deadLetter(left.subList(from, Math.min(left.size(), from + config.batchSize())), reason, 0);
            }
            parked = left.size();
            joinWorkers(nanoTime.getAsLong() + SHUTDOWN_GRACE.toNanos());
        }
        stop.abandon();
        ledger.giveUpHeld();
        return new ShutdownReport(
                drained,
                parked,
                ledger.submitted(),
                ledger.written(),
                ledger.deadLettered(),
                ledger.lost(),
                Duration.ofNanos(nanoTime.getAsLong() - begun));
    }

    private boolean joinWorkers(long deadline) {
        try {
            for (Thread thread : threads) {
                // In slices, so the deadline is measured on the injected nano-time source.
                long remaining;
                while (thread.isAlive() && (remaining = deadline - nanoTime.getAsLong()) > 0) {
                    thread.join(StopSignal.pollMillis(remaining));
                }
                if (thread.isAlive()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package io.marketflow.store.system;

import io.marketflow.store.journal.Journal;
import io.marketflow.store.journal.JournalListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Micrometer adapter for the journal: fsync latency, failures, its size on disk and what start-up recovered. */
final class JournalMetrics implements JournalListener {

    private final Timer fsync;
    private final Counter failures;
    private final AtomicReference<Journal> journal = new AtomicReference<>();
    final AtomicLong recoveredItems = new AtomicLong();
    final AtomicLong skippedRecords = new AtomicLong();

    JournalMetrics(MeterRegistry registry) {
        fsync = Timer.builder(StoreMetrics.JOURNAL_FSYNC_LATENCY)
                .description("Time of one journal fsync (each covers every request that arrived while the previous"
                        + " one ran)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        failures = Counter.builder(StoreMetrics.JOURNAL_FAILURES)
                .description("Journal writes or fsyncs that failed (their requests were refused with 503)")
                .register(registry);
        Gauge.builder(
                        StoreMetrics.JOURNAL_BYTES,
                        journal,
                        ref -> ref.get() == null ? 0 : ref.get().bytes())
                .description("Bytes in the journal's segment files")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder(StoreMetrics.JOURNAL_ITEMS_RECOVERED, recoveredItems, AtomicLong::get)
                .description("Items replayed from the journal at start-up (acknowledged before a crash, not yet"
                        + " written)")
                .register(registry);
        Gauge.builder(StoreMetrics.JOURNAL_RECORDS_SKIPPED, skippedRecords, AtomicLong::get)
                .description("Damaged journal records skipped at start-up")
                .register(registry);
    }

    void watch(Journal journal) {
        this.journal.set(journal);
    }

    @Override
    public void onFsync(long nanos, int records) {
        fsync.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onFailure(Exception error) {
        failures.increment();
    }
}

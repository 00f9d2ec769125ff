package io.marketflow.store.system;

import io.marketflow.store.coordinator.QueueFullException;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.journal.Journal;
import io.marketflow.store.journal.JournalKind;
import io.marketflow.store.journal.JournalRecovery;
import io.marketflow.store.lane.Lane;
import io.marketflow.store.lane.Lanes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays the journal after the coordinators have started and before the web server takes requests, so recovered
 * items are queued ahead of any new one. Start-up waits for room in the queues, not for the writes themselves.
 * While running, it rechecks a failing journal every second: a store reported not ready gets no requests, so
 * no append would find out that the disk is back.
 */
final class JournalLifecycle extends OrderedLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JournalLifecycle.class);
    private static final Duration FULL_QUEUE_PAUSE = Duration.ofMillis(100);
    private static final Duration RECHECK_INTERVAL = Duration.ofSeconds(1);

    private final Journal journal;
    private final Lanes lanes;
    private final StoreProperties properties;
    private final JsonMapper mapper;
    private final JournalMetrics metrics;
    private ScheduledExecutorService rechecks;

    JournalLifecycle(
            Journal journal, Lanes lanes, StoreProperties properties, JsonMapper mapper, JournalMetrics metrics) {
        super(JOURNAL_REPLAY);
        this.journal = journal;
        this.lanes = lanes;
        this.properties = properties;
        this.mapper = mapper;
        this.metrics = metrics;
    }

    @Override
    void starting() {
        JournalRecovery recovery = new JournalRecovery(journal, mapper);
        for (Lane<?> lane : lanes.all()) {
            target(recovery, lane);
        }
        Journal.Recovery found = journal.recovery();
        try {
            int chunk = Math.min(
                    properties.coordinator().batchSize(),
                    properties.coordinator().capacity());
            JournalRecovery.Result result = recovery.replay(chunk);
            metrics.recoveredItems.set(result.items());
            metrics.skippedRecords.set(found.skippedRegions() + result.unreadable());
            if (found.segments() > 0) {
                log.info(
                        "journal {}: recovered {} items in {} records from {} segment(s); skipped {} damaged"
                                + " region(s) ({} bytes) and {} unreadable record(s); {} torn tail(s) ignored",
                        journal.directory().toAbsolutePath(),
                        result.items(),
                        result.records(),
                        found.segments(),
                        found.skippedRegions(),
                        found.skippedBytes(),
                        result.unreadable(),
                        found.tornTails());
            }
        } catch (Exception e) {
            // The old segments stay on disk, so nothing is lost: the next start replays them.
            throw new IllegalStateException("cannot replay the journal in " + journal.directory(), e);
        }
        rechecks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "journal-recheck");
            thread.setDaemon(true);
            return thread;
        });
        rechecks.scheduleWithFixedDelay(
                this::recheck, RECHECK_INTERVAL.toMillis(), RECHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    // An exception would cancel the schedule for good: log it and try again next time.
    private void recheck() {
        try {
            journal.recheck();
        } catch (RuntimeException e) {
            log.warn("journal {}: recheck failed: {}", journal.directory(), e.toString());
        }
    }

    private <T> void target(JournalRecovery recovery, Lane<T> lane) {
        WriteCoordinator<T> coordinator = lane.coordinator();
        recovery.target(
                new JournalKind<>(journal, lane.kind().kind(), lane.type(), mapper),
                items -> resubmit(coordinator, items));
    }

    private static <T> void resubmit(WriteCoordinator<T> coordinator, List<T> items) throws InterruptedException {
        while (true) {
            try {
                coordinator.submitMany(items, false);
                return;
            } catch (QueueFullException full) {
                LockSupport.parkNanos(FULL_QUEUE_PAUSE.toNanos());
            }
        }
    }

    @Override
    void stopping() {
        if (rechecks != null) {
            // Not shutdownNow: an interrupt during an fsync would close the segment's file channel.
            rechecks.shutdown();
        }
    }
}

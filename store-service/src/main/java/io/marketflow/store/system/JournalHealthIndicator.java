package io.marketflow.store.system;

import io.marketflow.store.journal.Journal;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health} component {@code journal}: its directory, size and what start-up recovered; down, with
 * the reason, while the journal cannot write (ingest requests then get 503). Not part of readiness or liveness by
 * default: a restart would not free the disk.
 */
final class JournalHealthIndicator implements HealthIndicator {

    private final Journal journal;
    private final JournalMetrics metrics;

    JournalHealthIndicator(Journal journal, JournalMetrics metrics) {
        this.journal = journal;
        this.metrics = metrics;
    }

    @Override
    public Health health() {
        Exception failure = journal.failure();
        Health.Builder builder = failure == null ? Health.up() : Health.down();
        builder.withDetail("dir", journal.directory().toAbsolutePath().toString())
                .withDetail("bytes", journal.bytes())
                .withDetail("segments", journal.segments())
                .withDetail("recovered_items", metrics.recoveredItems.get())
                .withDetail("skipped_records", metrics.skippedRecords.get());
        if (failure != null) {
            builder.withDetail(
                    "reason",
                    "cannot write the journal: " + (failure.getMessage() == null ? failure : failure.getMessage())
                            + "; ingest requests are refused with 503 until it can");
        }
        return builder.build();
    }
}

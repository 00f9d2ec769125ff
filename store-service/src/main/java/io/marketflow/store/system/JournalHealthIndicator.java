package io.marketflow.store.system;

import io.marketflow.store.journal.Journal;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health} component {@code journal}, part of the readiness group: its directory, size and what
 * start-up recovered; down, with the reason, while the journal cannot write, because ingest requests then get 503
 * and a load balancer should send them to another replica. Not part of liveness: a restart would not free the
 * disk. Up, with {@code enabled: false}, when {@code MDS_JOURNAL_ENABLED=false}. Reads in-memory state only.
 *
 * @param journal {@code null} when the journal is off
 * @param metrics {@code null} when the journal is off
 */
record JournalHealthIndicator(Journal journal, JournalMetrics metrics) implements HealthIndicator {

    @Override
    public Health health() {
        if (journal == null) {
            return Health.up().withDetail("enabled", false).build();
        }
        Exception failure = journal.failure();
        Health.Builder builder = failure == null ? Health.up() : Health.down();
        builder.withDetail("enabled", true)
                .withDetail("dir", journal.directory().toAbsolutePath().toString())
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

package io.marketflow.deploy;

import java.util.Set;
import java.util.TreeSet;

/** The metric names the services export, as the contract (shared/CONTRACT.md) lists them. */
final class ContractMetrics {

    /** Store meters; the timers are Prometheus histograms. */
    static final Set<String> STORE = Set.of(
            "sink_writes_total",
            "sink_write_latency_seconds",
            "mds_coord_items_submitted_total",
            "mds_coord_items_dropped_total",
            "mds_coord_queue_depth",
            "mds_coord_workers_alive",
            "mds_coord_circuit_state",
            "mds_coord_capacity",
            "mds_coord_workers_configured",
            "mds_coord_high_watermark",
            "mds_coord_low_watermark",
            "mds_coord_drain_rate",
            "mds_coord_items_written_total",
            "mds_coord_queue_delay_seconds",
            "mds_worker_batches_written_total",
            "mds_worker_write_errors_total",
            "mds_worker_write_latency_seconds",
            "coordinator_queue_depth",
            "coordinator_backpressure_ok",
            "coordinator_backpressure_soft",
            "coordinator_backpressure_hard",
            "mds_dlq_items_total",
            "mds_dlq_held_items",
            "mds_dlq_failures_total",
            "mds_ingest_client_aborts_total",
            "mds_ingest_body_bytes_held",
            "mds_ingest_body_bytes_limit",
            "mds_ingest_busy_refusals_total",
            "mds_feedback_events_total",
            "mds_journal_bytes",
            "mds_journal_fsync_latency_seconds",
            "mds_journal_failures_total",
            "mds_journal_items_recovered",
            "mds_journal_records_skipped");

    static final Set<String> PIPELINE = Set.of(
            "pipeline_rate_scale",
            "pipeline_effective_rate",
            "pipeline_pressure_level",
            "pipeline_feedback_events_total",
            "pipeline_bars_sent_total",
            "pipeline_feedback_age_seconds",
            "pipeline_paced_rate",
            "pipeline_paced_total_rate",
            "pipeline_store_capacity",
            "pipeline_store_queue_delay_seconds",
            "pipeline_pace_target_delay_seconds",
            "pipeline_dead_letters_total",
            "pipeline_dlq_items");

    /** JVM meters both services export (Micrometer's ProcessorMetrics); the store autoscaler reads them. */
    static final Set<String> JVM = Set.of("process_cpu_time_ns_total", "system_cpu_count");

    static final Set<String> HISTOGRAMS = Set.of(
            "sink_write_latency_seconds", "mds_worker_write_latency_seconds", "mds_journal_fsync_latency_seconds");

    private ContractMetrics() {}

    /** The line names a scrape shows: the names above, a histogram as its _bucket, _count and _sum. */
    static Set<String> scrapeNames() {
        Set<String> names = new TreeSet<>(STORE);
        names.addAll(PIPELINE);
        names.addAll(JVM);
        names.removeAll(HISTOGRAMS);
        for (String histogram : HISTOGRAMS) {
            names.add(histogram + "_bucket");
            names.add(histogram + "_count");
            names.add(histogram + "_sum");
        }
        return names;
    }
}

package io.marketflow.store.system;

/**
 * Every metric the store exports, by its Micrometer name (Prometheus adds {@code _total} to counters and
 * {@code _seconds} to timers). Tags take values from bounded sets only: coordinator ids (one per data kind),
 * sink names, levels and statuses, never user input.
 */
public final class StoreMetrics {

    // Tags
    public static final String COORDINATOR_ID = "coordinator_id";
    public static final String SINK = "sink";
    public static final String STATUS = "status";
    public static final String LEVEL = "level";

    // Sink writes: sink_writes_total{sink,status}, sink_write_latency_seconds{sink}
    public static final String SINK_WRITES = "sink_writes";
    public static final String SINK_WRITE_LATENCY = "sink_write_latency";

    // Coordinator: mds_coord_*
    public static final String ITEMS_SUBMITTED = "mds_coord_items_submitted";
    public static final String ITEMS_DROPPED = "mds_coord_items_dropped";
    /** Items committed to the database: rows written, to draw against {@link #DRAIN_RATE}. */
    public static final String ITEMS_WRITTEN = "mds_coord_items_written";

    public static final String QUEUE_DEPTH = "mds_coord_queue_depth";
    public static final String WORKERS_ALIVE = "mds_coord_workers_alive";
    public static final String WORKERS_CONFIGURED = "mds_coord_workers_configured";
    public static final String CIRCUIT_STATE = "mds_coord_circuit_state";
    public static final String CAPACITY = "mds_coord_capacity";
    public static final String HIGH_WATERMARK = "mds_coord_high_watermark";
    public static final String LOW_WATERMARK = "mds_coord_low_watermark";
    /** Write capacity in items per second, measured while the workers write (the events' drain_rate). */
    public static final String DRAIN_RATE = "mds_coord_drain_rate";
    /** Age of the oldest queued item (the events' queue_delay_ms), exported in seconds. */
    public static final String QUEUE_DELAY = "mds_coord_queue_delay_seconds";

    // Workers: mds_worker_*
    public static final String BATCHES_WRITTEN = "mds_worker_batches_written";
    public static final String WRITE_ERRORS = "mds_worker_write_errors";
    public static final String WRITE_LATENCY = "mds_worker_write_latency";

    // Backpressure, as the design notes and the KEDA ScaledObject name them
    public static final String COORDINATOR_QUEUE_DEPTH = "coordinator_queue_depth";
    public static final String BACKPRESSURE_OK = "coordinator_backpressure_ok";
    public static final String BACKPRESSURE_SOFT = "coordinator_backpressure_soft";
    public static final String BACKPRESSURE_HARD = "coordinator_backpressure_hard";

    // Ingest: mds_ingest_*
    public static final String INGEST_CLIENT_ABORTS = "mds_ingest_client_aborts";
    /** Bytes of request bodies held now, being read or queued (MDS_INGEST_MAX_INFLIGHT_BYTES bounds them). */
    public static final String INGEST_BODY_BYTES_HELD = "mds_ingest_body_bytes_held";

    public static final String INGEST_BODY_BYTES_LIMIT = "mds_ingest_body_bytes_limit";
    /** Requests refused with 503 busy: their bytes did not fit the budget. */
    public static final String INGEST_BUSY_REFUSALS = "mds_ingest_busy_refusals";

    // Dead-letter queue and feedback
    public static final String DLQ_ITEMS = "mds_dlq_items";
    public static final String DLQ_HELD_ITEMS = "mds_dlq_held_items";
    public static final String DLQ_FAILURES = "mds_dlq_failures";
    public static final String FEEDBACK_EVENTS = "mds_feedback_events";

    // Write-ahead journal: mds_journal_*
    public static final String JOURNAL_BYTES = "mds_journal_bytes";
    public static final String JOURNAL_FSYNC_LATENCY = "mds_journal_fsync_latency";
    public static final String JOURNAL_FAILURES = "mds_journal_failures";
    public static final String JOURNAL_ITEMS_RECOVERED = "mds_journal_items_recovered";
    public static final String JOURNAL_RECORDS_SKIPPED = "mds_journal_records_skipped";

    private StoreMetrics() {}
}

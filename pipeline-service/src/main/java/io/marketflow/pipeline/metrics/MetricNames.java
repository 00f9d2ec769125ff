package io.marketflow.pipeline.metrics;

/**
 * Every pipeline meter, as named in the contract. Micrometer names are dotted; the Prometheus names (in the
 * comments) follow from them: counters gain {@code _total}, a base unit becomes a suffix.
 *
 * <p>Tag values come from bounded sets: {@code provider} from configuration, {@code level} and
 * {@code outcome} from enums, {@code coordinator_id} from the feedback handler's tracked ids (at most
 * {@code MDP_FB_MAX_COORDINATORS}, default 32; further ids are aggregated under {@code "(other)"}) or
 * {@code "unknown"} for requests that could not be read or trusted.
 */
public final class MetricNames {

    /** {@code pipeline_rate_scale{provider}}: the budget scale feedback set, 0.0..1.0. */
    public static final String RATE_SCALE = "pipeline.rate.scale";

    /** {@code pipeline_effective_rate{provider}}: tokens per second now, base rate x scale. */
    public static final String EFFECTIVE_RATE = "pipeline.effective.rate";

    /** {@code pipeline_pressure_level{provider}}: 0 ok, 1 soft, 2 hard. */
    public static final String PRESSURE_LEVEL = "pipeline.pressure.level";

    /** {@code pipeline_feedback_events_total{coordinator_id,level,outcome}}. */
    public static final String FEEDBACK_EVENTS = "pipeline.feedback.events";

    /** {@code pipeline_bars_sent_total{provider}}: bars the store accepted (2xx). */
    public static final String BARS_SENT = "pipeline.bars.sent";

    /** {@code pipeline_bars_rejected_total{provider}}: bars the store refused for good (4xx). */
    public static final String BARS_REJECTED = "pipeline.bars.rejected";

    /** {@code pipeline_dead_letters_total{provider}}: refused bars parked in the pipeline's dead-letter files. */
    public static final String DEAD_LETTERS = "pipeline.dead.letters";

    /** {@code pipeline_dlq_items}: bars in the dead-letter files now, waiting for a replay. */
    public static final String DLQ_ITEMS = "pipeline.dlq.items";

    /** {@code pipeline_feedback_age_seconds{coordinator_id}}: time since the coordinator's last event. */
    public static final String FEEDBACK_AGE = "pipeline.feedback.age";

    /**
     * {@code pipeline_paced_rate{provider}}: under the pace policy, the provider's share of the paced total
     * (by base rate, at most the base rate), items per second; NaN under the other policies.
     */
    public static final String PACED_RATE = "pipeline.paced.rate";

    /** {@code pipeline_paced_total_rate}: under the pace policy, the total rate all providers are paced to. */
    public static final String PACED_TOTAL_RATE = "pipeline.paced.total.rate";

    /** {@code pipeline_store_capacity{coordinator_id}}: the drain rate the coordinator last reported, items/s. */
    public static final String STORE_CAPACITY = "pipeline.store.capacity";

    /** {@code pipeline_store_queue_delay_seconds{coordinator_id}}: the queueing delay it last reported. */
    public static final String STORE_QUEUE_DELAY = "pipeline.store.queue.delay";

    /** {@code pipeline_pace_target_delay_seconds}: the queueing delay the pace policy steers to. */
    public static final String PACE_TARGET_DELAY = "pipeline.pace.target.delay";

    /**
     * {@code pipeline_store_throttled_total{provider,status}}: batches the store answered with 429 or 503 (its
     * queue was full), re-sent later; a paced loop keeps this at zero.
     */
    public static final String STORE_THROTTLED = "pipeline.store.throttled";

    public static final String TAG_PROVIDER = "provider";
    public static final String TAG_STATUS = "status";
    public static final String TAG_COORDINATOR = "coordinator_id";
    public static final String TAG_LEVEL = "level";
    public static final String TAG_OUTCOME = "outcome";

    private MetricNames() {}
}

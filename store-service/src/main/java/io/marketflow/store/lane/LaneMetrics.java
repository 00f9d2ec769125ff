package io.marketflow.store.lane;

/** The gauges of one lane, which read a sample of its coordinator's state so a scrape never takes a lock. */
@FunctionalInterface
public interface LaneMetrics {

    /** Refreshes the sample from the coordinator; called every {@code MDS_METRICS_QUEUE_POLL_SEC}, off the hot path. */
    void sample();
}

package io.marketflow.store.coordinator;

/** What {@link WriteCoordinator#submitMany} does with a request that does not fit in the queue. */
public enum OverflowStrategy {
    /** Wait up to the enqueue timeout for room, then refuse with {@link QueueFullException#timedOut()}. */
    BLOCK,
    /** Evict the oldest queued items into the dead-letter queue to make room; never refuses. */
    DROP_OLDEST,
    /** Refuse at once. */
    ERROR
}

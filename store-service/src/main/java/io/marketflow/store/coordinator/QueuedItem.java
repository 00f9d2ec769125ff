package io.marketflow.store.coordinator;

/**
 * One admitted item. All items of a request share its {@code tracker} (null when the caller did not ask for
 * commit tracking) and its admission time, which drives time-based flushing.
 */
record QueuedItem<T>(T item, CommitTracker tracker, long enqueuedNanos) {}

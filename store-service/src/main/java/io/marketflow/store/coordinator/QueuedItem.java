package io.marketflow.store.coordinator;

/**
 * One admitted item. All items of a request share its {@code tracker} (null when the caller did not ask for
 * commit tracking), its journal {@code receipt} and its admission time. {@code key} is the sink's {@link
 * BatchSink#keyHash hash of its key}, computed at admission, outside the queue's lock.
 */
record QueuedItem<T>(T item, CommitTracker tracker, long enqueuedNanos, AdmissionJournal.Receipt receipt, long key) {

    /** An item keyed by its own hash code, without a journal receipt (for tests of the queue). */
    QueuedItem(T item, CommitTracker tracker, long enqueuedNanos) {
        this(item, tracker, enqueuedNanos, AdmissionJournal.Receipt.NONE, java.util.Objects.hashCode(item));
    }

    /** Tells each request's receipt how many of its items in {@code items} are settled, once per run. */
    static <T> void settleReceipts(java.util.List<QueuedItem<T>> items) {
        AdmissionJournal.Receipt run = null;
        int count = 0;
        for (QueuedItem<T> item : items) {
            if (item.receipt() != run) {
                if (run != null) {
                    run.settled(count);
                }
                run = item.receipt();
                count = 0;
            }
            count++;
        }
        if (run != null) {
            run.settled(count);
        }
    }
}

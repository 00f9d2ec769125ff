package io.marketflow.store.coordinator;

import java.util.List;

/**
 * Makes a request's items durable before the coordinator admits them, so that an acknowledgement survives a
 * crash. {@link #record} returns only once the items are on disk; the coordinator then tells the returned
 * {@link Receipt} as the items are written or dead-lettered, so the journal can forget them.
 *
 * @param <T> item type
 */
public interface AdmissionJournal<T> {

    /**
     * Writes {@code items} durably and returns their receipt.
     *
     * @throws JournalUnavailableException when they could not be made durable; the request must be refused
     */
    Receipt record(List<T> items);

    /** A journal that keeps nothing: acknowledgements are then only as durable as the process. */
    static <T> AdmissionJournal<T> none() {
        return items -> Receipt.NONE;
    }

    /** One request's items in the journal. Thread-safe: workers settle parts of it concurrently. */
    interface Receipt {

        Receipt NONE = new Receipt() {
            @Override
            public void settled(int items) {}

            @Override
            public void refused() {}
        };

        /** {@code items} of the request were written or dead-lettered. */
        void settled(int items);

        /** The request was refused after it was recorded (queue full, shutting down): none of it is queued. */
        void refused();
    }
}

package io.marketflow.store.journal;

/** What the journal reports to metrics. Called on appending threads, possibly under the journal's lock: must be quick and must not throw. */
public interface JournalListener {

    JournalListener NONE = new JournalListener() {};

    /** One {@code fsync} that made {@code records} appended records durable took {@code nanos}. */
    default void onFsync(long nanos, int records) {}

    /** Appending failed; requests are refused until an append succeeds again. */
    default void onFailure(Exception error) {}
}

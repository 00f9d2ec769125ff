package io.marketflow.store.coordinator;

/** What became of a tracked request's items: written to the database, or parked in the dead-letter queue. */
public record CommitResult(int written, int deadLettered) {}

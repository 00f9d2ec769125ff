package io.marketflow.store.deadletter;

/**
 * What a replay did.
 *
 * @param replayed records whose items were committed again and which were then deleted
 * @param items items in those records
 * @param failed records kept because they could not be read, re-submitted or committed in time
 * @param remaining records of this kind still in the dead-letter queue afterwards
 * @param error the first failure, for an operator; {@code null} when there was none
 */
public record ReplayResult(int replayed, long items, int failed, int remaining, String error) {}

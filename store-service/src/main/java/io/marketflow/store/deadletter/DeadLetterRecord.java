package io.marketflow.store.deadletter;

import java.time.Instant;
import java.util.List;

/**
 * One dead-letter record as read back: the items of one failed batch (or one bad row) and why they failed.
 *
 * @param id the record's file name, stable for as long as the record exists
 * @param attempts write attempts made before giving up (0 for items evicted by drop_oldest or given up at shutdown)
 */
public record DeadLetterRecord<T>(
        String id, Instant time, String kind, String coordinatorId, String error, int attempts, List<T> items) {}

package io.marketflow.store.sink;

import java.util.Arrays;
import java.util.Objects;

/**
 * Collapses rows with equal keys before an upsert: PostgreSQL refuses to let one {@code INSERT … ON
 * CONFLICT DO UPDATE} touch a row twice, and a batch may legitimately carry a retry next to the original.
 *
 * <p>Works on the key columns' values, already read for the write, with an open-addressing table of row indexes:
 * no key object, boxed index or map entry per row (a {@code HashMap} of key lists was ~3 % of the store's CPU at
 * full load). A batch is at most the coordinator's batch size, set by the operator.
 */
final class DuplicateKeys {

    private DuplicateKeys() {}

    /**
     * The rows to keep, given the key columns' values ({@code keys[k][r]}: key column k of row r) of {@code rows}
     * rows: for each key the index of its last occurrence, placed where the key first occurred; {@code null} when
     * every key occurs once.
     */
    static int[] lastPerKey(int rows, Object[][] keys) {
        if (rows < 2) {
            return null;
        }
        int mask = Integer.highestOneBit(rows - 1) * 4 - 1; // at most half full
        int[] slots = new int[mask + 1]; // 0 free, else 1 + a place in kept
        int[] kept = new int[rows];
        int count = 0;
        for (int row = 0; row < rows; row++) {
            for (int i = hash(keys, row) & mask; ; i = (i + 1) & mask) {
                int slot = slots[i];
                if (slot == 0) {
                    kept[count++] = row;
                    slots[i] = count;
                    break;
                }
                if (sameKey(keys, kept[slot - 1], row)) {
                    kept[slot - 1] = row;
                    break;
                }
            }
        }
        return count == rows ? null : Arrays.copyOf(kept, count);
    }

    /**
     * The key's hash, mixed by MurmurHash3's finalizer: a batch's keys are often neighbours (one minute, symbols
     * that differ in their last letter), whose 31-based hashes differ in the low bits only and would fill runs of
     * adjacent slots.
     */
    private static int hash(Object[][] keys, int row) {
        int hash = 1;
        for (Object[] column : keys) {
            hash = 31 * hash + Objects.hashCode(column[row]);
        }
        hash ^= hash >>> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >>> 13;
        hash *= 0xc2b2ae35;
        return hash ^ (hash >>> 16);
    }

    private static boolean sameKey(Object[][] keys, int a, int b) {
        for (Object[] column : keys) {
            if (!Objects.equals(column[a], column[b])) {
                return false;
            }
        }
        return true;
    }
}

package io.marketflow.store.coordinator;

/**
 * The key hashes ({@link BatchSink#keyHash}) of the items the workers hold, so that no worker takes an item whose
 * key another worker is writing: of two versions of one key, the one admitted later must be written later.
 *
 * <p>A set of {@code long}s by open addressing with linear probing; removal shifts the following entries back
 * (Knuth's Algorithm R), so there are no tombstones to clean up. A boxed {@code HashSet<Long>} would allocate per
 * item under the queue lock, for every bar that passes (see {@code sink.DuplicateKeys} for what that cost there).
 * Not thread-safe: used under the queue's lock.
 */
final class KeysInFlight {

    // 0 marks a free slot, so the key 0 is kept aside.
    private static final long FREE = 0;

    private long[] slots;
    private int mask;
    private int size;
    private boolean zero;

    /** Sized for {@code expected} keys (a batch per worker), and grows if more come. */
    KeysInFlight(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) - 1) * 4; // at most half full when as expected
        slots = new long[capacity];
        mask = capacity - 1;
    }

    boolean contains(long key) {
        if (key == FREE) {
            return zero;
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            long here = slots[i];
            if (here == key) {
                return true;
            }
            if (here == FREE) {
                return false;
            }
        }
    }

    /** Adds {@code key}; adding a key already present changes nothing. */
    void add(long key) {
        if (key == FREE) {
            size += zero ? 0 : 1;
            zero = true;
            return;
        }
        int i = slot(key);
        while (slots[i] != FREE) {
            if (slots[i] == key) {
                return;
            }
            i = (i + 1) & mask;
        }
        slots[i] = key;
        if (++size * 2 > slots.length) {
            grow();
        }
    }

    /** Removes {@code key}; removing a key not present changes nothing. */
    void remove(long key) {
        if (key == FREE) {
            size -= zero ? 1 : 0;
            zero = false;
            return;
        }
        int hole = slot(key);
        while (slots[hole] != key) {
            if (slots[hole] == FREE) {
                return;
            }
            hole = (hole + 1) & mask;
        }
        size--;
        // Move back every later entry of the run that would no longer be found past the hole.
        for (int i = (hole + 1) & mask; slots[i] != FREE; i = (i + 1) & mask) {
            int home = slot(slots[i]);
            // The entry may move to the hole unless its home lies cyclically in (hole, i].
            boolean homeAfterHole = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!homeAfterHole) {
                slots[hole] = slots[i];
                hole = i;
            }
        }
        slots[hole] = FREE;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        mask = slots.length - 1;
        for (long key : old) {
            if (key != FREE) {
                int i = slot(key);
                while (slots[i] != FREE) {
                    i = (i + 1) & mask;
                }
                slots[i] = key;
            }
        }
    }

    private int slot(long key) {
        // MurmurHash3's 64-bit finalizer: callers' hashes of neighbouring keys may differ in a few bits only.
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}

package io.marketflow.store.coordinator;

import java.util.ArrayList;
import java.util.List;

/**
 * The items a worker holds: a batch, or the unsettled parts of one being split to isolate bad rows.
 * Exactly one side settles each item: the worker {@link #release releases} a part it wrote or dead-lettered,
 * or shutdown {@link #claimAll claims} everything left at the deadline. After a claim every release fails,
 * so an item is never counted twice.
 */
final class InFlight<T> {

    private final List<List<QueuedItem<T>>> parts = new ArrayList<>(4);
    private boolean claimed;

    InFlight(List<QueuedItem<T>> batch) {
        parts.add(batch);
    }

    /** Replaces {@code part} by its two halves; {@code false} if shutdown claimed everything already. */
    synchronized boolean split(List<QueuedItem<T>> part, List<QueuedItem<T>> left, List<QueuedItem<T>> right) {
        if (claimed) {
            return false;
        }
        remove(part);
        parts.add(left);
        parts.add(right);
        return true;
    }

    /** Hands {@code part} over to the worker for settling; {@code false} if shutdown claimed it already. */
    synchronized boolean release(List<QueuedItem<T>> part) {
        if (claimed) {
            return false;
        }
        remove(part);
        return true;
    }

    synchronized List<QueuedItem<T>> claimAll() {
        claimed = true;
        List<QueuedItem<T>> all = new ArrayList<>();
        parts.forEach(all::addAll);
        parts.clear();
        return all;
    }

    // By identity: two halves may be equal as lists yet are different parts.
    private void remove(List<QueuedItem<T>> part) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) == part) {
                parts.remove(i);
                return;
            }
        }
        throw new IllegalStateException("part is not in flight");
    }
}

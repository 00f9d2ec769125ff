package io.marketflow.store.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Collapses items with equal keys before an upsert: PostgreSQL refuses to let one {@code INSERT … ON
 * CONFLICT DO UPDATE} touch a row twice, and a batch may legitimately carry a retry next to the original.
 */
final class DuplicateKeys {

    private DuplicateKeys() {}

    /** The items of {@code batch} with the last occurrence of each key kept, in first-occurrence order. */
    static <T> List<T> lastPerKey(List<T> batch, Function<? super T, ?> key) {
        if (batch.size() < 2) {
            return batch;
        }
        Map<Object, Integer> slotByKey = new HashMap<>(batch.size() * 2);
        List<T> kept = new ArrayList<>(batch.size());
        for (T item : batch) {
            Integer slot = slotByKey.putIfAbsent(key.apply(item), kept.size());
            if (slot == null) {
                kept.add(item);
            } else {
                kept.set(slot, item);
            }
        }
        return kept.size() == batch.size() ? batch : kept;
    }
}

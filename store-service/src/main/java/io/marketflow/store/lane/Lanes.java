package io.marketflow.store.lane;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The store's lanes, one per {@link DataKind}, in the order of the constants. */
public final class Lanes {

    private final Map<DataKind, Lane<?>> lanes = new EnumMap<>(DataKind.class);

    /** @throws IllegalArgumentException unless {@code lanes} has exactly one lane per kind */
    public Lanes(Collection<? extends Lane<?>> lanes) {
        for (Lane<?> lane : lanes) {
            if (this.lanes.put(lane.kind(), lane) != null) {
                throw new IllegalArgumentException("two lanes for " + lane.kind());
            }
        }
        if (this.lanes.size() != DataKind.values().length) {
            throw new IllegalArgumentException("lanes for " + this.lanes.keySet() + " only; every kind needs one");
        }
    }

    public List<Lane<?>> all() {
        return List.copyOf(lanes.values());
    }

    public Lane<?> get(DataKind kind) {
        return lanes.get(kind);
    }

    /** The lane of {@code kind}, typed: {@code type} must be the kind's item type. */
    @SuppressWarnings("unchecked") // checked: a lane's type is its kind's type (see Lane's constructor)
    public <T> Lane<T> get(DataKind kind, Class<T> type) {
        if (kind.type() != type) {
            throw new IllegalArgumentException(
                    kind + " items are " + kind.type().getName() + ", not " + type);
        }
        return (Lane<T>) lanes.get(kind);
    }
}

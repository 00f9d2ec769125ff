package io.marketflow.store.system;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;

/** The four kinds of data the store takes; each has its own coordinator, sink and dead-letter records. */
public enum DataKind {
    BARS("bars", Bar.class),
    OPTIONS("options", OptionSnapshot.class),
    FUNDAMENTALS("fundamentals", Fundamentals.class),
    NEWS("news", NewsItem.class);

    private final String kind;
    private final Class<?> type;

    DataKind(String kind, Class<?> type) {
        this.kind = kind;
        this.type = type;
    }

    /** Lower-case name used in paths, sink tags and dead-letter records. */
    public String kind() {
        return kind;
    }

    public Class<?> type() {
        return type;
    }

    /**
     * Bars use {@code MDS_COORDINATOR_ID} (default {@code bars-coord}); the others are {@code <kind>-coord}.
     * With {@code MDS_INSTANCE_ID} set, {@code -<instance>} is appended, so replicas report separately.
     */
    public String coordinatorId(StoreProperties properties) {
        String id = this == BARS ? properties.coordinator().id() : kind + "-coord";
        String instance = properties.instanceId();
        return instance == null || instance.isBlank() ? id : id + "-" + instance;
    }
}

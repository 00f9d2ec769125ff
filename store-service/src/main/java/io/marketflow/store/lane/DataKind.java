package io.marketflow.store.lane;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.coordinator.BatchSink;
import io.marketflow.store.sink.BarSink;
import io.marketflow.store.sink.FundamentalsSink;
import io.marketflow.store.sink.NewsSink;
import io.marketflow.store.sink.OptionSnapshotSink;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;

/**
 * The kinds of data the store takes. Each constant names its item type and the sink (table description) its items
 * go to; the wiring builds one {@link Lane} per constant from that, so a new kind is a constant here, its sink, and
 * its name in {@link #PATH_NAMES}.
 */
public enum DataKind {
    BARS("bars", new Items<>(Bar.class, BarSink::new)),
    OPTIONS("options", new Items<>(OptionSnapshot.class, OptionSnapshotSink::new)),
    FUNDAMENTALS("fundamentals", new Items<>(Fundamentals.class, FundamentalsSink::new)),
    NEWS("news", new Items<>(NewsItem.class, NewsSink::new));

    /**
     * Every kind's {@link #kind()}, as the regular expression of a request mapping's path variable (annotation
     * values must be constants); a test checks that it lists exactly the constants above.
     */
    public static final String PATH_NAMES = "bars|options|fundamentals|news";

    /** Makes the sink that writes one kind's batches, with the statement timeout of the store. */
    @FunctionalInterface
    public interface SinkFactory<T> {
        BatchSink<T> create(ConnectionFactory connections, Duration statementTimeout);
    }

    /** A kind's item type and where its items are written; one generic value, so no cast joins the two. */
    public record Items<T>(Class<T> type, SinkFactory<T> sink) {}

    private final String kind;
    private final Items<?> items;

    DataKind(String kind, Items<?> items) {
        this.kind = kind;
        this.items = items;
    }

    /** Lower-case name used in paths, sink tags, journal and dead-letter records. */
    public String kind() {
        return kind;
    }

    public Class<?> type() {
        return items.type();
    }

    public Items<?> items() {
        return items;
    }

    /**
     * Bars use {@code configuredBarsId} ({@code MDS_COORDINATOR_ID}, default {@code bars-coord}); the others are
     * {@code <kind>-coord}. With an {@code instanceId} ({@code MDS_INSTANCE_ID}), {@code -<instance>} is appended,
     * so replicas report separately.
     */
    public String coordinatorId(String configuredBarsId, String instanceId) {
        String id = this == BARS ? configuredBarsId : kind + "-coord";
        return instanceId == null || instanceId.isBlank() ? id : id + "-" + instanceId;
    }

    /** The kind whose {@link #kind()} is {@code name}, or null. */
    public static DataKind named(String name) {
        for (DataKind kind : values()) {
            if (kind.kind.equals(name)) {
                return kind;
            }
        }
        return null;
    }
}

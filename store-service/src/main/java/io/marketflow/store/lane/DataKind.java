package io.marketflow.store.lane;

import io.marketflow.store.coordinator.BatchSink;
import io.marketflow.store.sink.Table;
import io.marketflow.store.sink.Tables;
import io.marketflow.store.sink.UpsertSink;
import io.marketflow.store.sink.WriteMethod;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;

/**
 * The kinds of data the store takes. Each constant names its table (see {@link Tables}), which gives its item type
 * and how its items are written and read; the wiring builds one {@link Lane} per constant from that, so a new kind
 * is a constant here, its table description, and its name in {@link #PATH_NAMES}.
 */
public enum DataKind {
    BARS("bars", Tables.BARS),
    OPTIONS("options", Tables.OPTION_SNAPSHOTS),
    FUNDAMENTALS("fundamentals", Tables.FUNDAMENTALS),
    NEWS("news", Tables.NEWS);

    /**
     * Every kind's {@link #kind()}, as the regular expression of a request mapping's path variable (annotation
     * values must be constants); a test checks that it lists exactly the constants above.
     */
    public static final String PATH_NAMES = "bars|options|fundamentals|news";

    /** Makes the sink that writes one kind's batches, with the store's statement timeout and write method. */
    @FunctionalInterface
    public interface SinkFactory<T> {
        BatchSink<T> create(ConnectionFactory connections, Duration statementTimeout, WriteMethod method);
    }

    /**
     * A kind's name and table, which holds its item type; one generic value, so no cast joins the item type and the
     * sink.
     */
    public record Items<T>(String kind, Table<T> table) {

        public Class<T> type() {
            return table.type();
        }

        /** The kind's sink: an upsert into its table, tagged with the kind's name. */
        public SinkFactory<T> sink() {
            return (connections, statementTimeout, method) ->
                    new UpsertSink<>(kind, table, connections, statementTimeout, method);
        }
    }

    private final String kind;
    private final Items<?> items;

    DataKind(String kind, Table<?> table) {
        this.kind = kind;
        this.items = new Items<>(kind, table);
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

package io.marketflow.store.sink;

import static io.marketflow.store.sink.PgType.BPCHAR;
import static io.marketflow.store.sink.PgType.DATE;
import static io.marketflow.store.sink.PgType.FLOAT8;
import static io.marketflow.store.sink.PgType.INT8;
import static io.marketflow.store.sink.PgType.TEXT;
import static io.marketflow.store.sink.PgType.TIMESTAMPTZ;

import io.marketflow.contracts.OptionSnapshot;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;

/** Upserts option quotes into {@code option_snapshots}, keyed by (symbol, expiry, strike, right, ts). */
public final class OptionSnapshotSink extends UpsertSink<OptionSnapshot> {

    static final Table<OptionSnapshot> TABLE = new Table<>(
            "option_snapshots",
            List.of(
                    Column.of("symbol", TEXT, OptionSnapshot::symbol),
                    Column.of("expiry", DATE, OptionSnapshot::expiry),
                    Column.of("strike", FLOAT8, OptionSnapshot::strike),
                    Column.of("option_right", BPCHAR, OptionSnapshot::right),
                    Column.of("ts", TIMESTAMPTZ, OptionSnapshot::ts),
                    Column.of("bid", FLOAT8, OptionSnapshot::bid),
                    Column.of("ask", FLOAT8, OptionSnapshot::ask),
                    Column.of("last", FLOAT8, OptionSnapshot::last),
                    Column.of("iv", FLOAT8, OptionSnapshot::iv),
                    Column.of("delta", FLOAT8, OptionSnapshot::delta),
                    Column.of("gamma", FLOAT8, OptionSnapshot::gamma),
                    Column.of("open_interest", INT8, OptionSnapshot::openInterest),
                    Column.of("volume", INT8, OptionSnapshot::volume)),
            List.of("symbol", "expiry", "strike", "option_right", "ts"));

    public OptionSnapshotSink(ConnectionFactory connections, Duration statementTimeout) {
        this(connections, statementTimeout, WriteMethod.DEFAULT);
    }

    public OptionSnapshotSink(ConnectionFactory connections, Duration statementTimeout, WriteMethod method) {
        super("options", TABLE, connections, statementTimeout, method);
    }
}

package io.marketflow.store.sink;

import static io.marketflow.store.sink.PgType.FLOAT8;
import static io.marketflow.store.sink.PgType.INT8;
import static io.marketflow.store.sink.PgType.TEXT;
import static io.marketflow.store.sink.PgType.TIMESTAMPTZ;

import io.marketflow.contracts.Bar;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;

/** Upserts bars into {@code bars}, keyed by (symbol, timeframe, ts). */
public final class BarSink extends UpsertSink<Bar> {

    static final Table<Bar> TABLE = new Table<>(
            "bars",
            List.of(
                    Column.of("symbol", TEXT, Bar::symbol),
                    Column.of("timeframe", TEXT, Bar::timeframe),
                    Column.of("ts", TIMESTAMPTZ, Bar::ts),
                    Column.of("open", FLOAT8, Bar::open),
                    Column.of("high", FLOAT8, Bar::high),
                    Column.of("low", FLOAT8, Bar::low),
                    Column.of("close", FLOAT8, Bar::close),
                    Column.of("volume", FLOAT8, Bar::volume),
                    Column.of("vwap", FLOAT8, Bar::vwap),
                    Column.of("trade_count", INT8, Bar::tradeCount),
                    Column.of("provider", TEXT, Bar::provider)),
            List.of("symbol", "timeframe", "ts"));

    public BarSink(ConnectionFactory connections, Duration statementTimeout) {
        this(connections, statementTimeout, WriteMethod.DEFAULT);
    }

    public BarSink(ConnectionFactory connections, Duration statementTimeout, WriteMethod method) {
        super("bars", TABLE, connections, statementTimeout, method);
    }
}

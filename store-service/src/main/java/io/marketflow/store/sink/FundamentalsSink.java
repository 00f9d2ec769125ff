package io.marketflow.store.sink;

import static io.marketflow.store.sink.PgType.DATE;
import static io.marketflow.store.sink.PgType.FLOAT8;
import static io.marketflow.store.sink.PgType.INT8;
import static io.marketflow.store.sink.PgType.TEXT;

import io.marketflow.contracts.Fundamentals;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;

/** Upserts company fundamentals into {@code fundamentals}, keyed by (symbol, as_of). */
public final class FundamentalsSink extends UpsertSink<Fundamentals> {

    static final Table<Fundamentals> TABLE = new Table<>(
            "fundamentals",
            List.of(
                    Column.of("symbol", TEXT, Fundamentals::symbol),
                    Column.of("as_of", DATE, Fundamentals::asOf),
                    Column.of("market_cap", FLOAT8, Fundamentals::marketCap),
                    Column.of("pe_ratio", FLOAT8, Fundamentals::peRatio),
                    Column.of("eps", FLOAT8, Fundamentals::eps),
                    Column.of("revenue", FLOAT8, Fundamentals::revenue),
                    Column.of("net_income", FLOAT8, Fundamentals::netIncome),
                    Column.of("shares_outstanding", INT8, Fundamentals::sharesOutstanding)),
            List.of("symbol", "as_of"));

    public FundamentalsSink(ConnectionFactory connections, Duration statementTimeout) {
        this(connections, statementTimeout, WriteMethod.DEFAULT);
    }

    public FundamentalsSink(ConnectionFactory connections, Duration statementTimeout, WriteMethod method) {
        super("fundamentals", TABLE, connections, statementTimeout, method);
    }
}

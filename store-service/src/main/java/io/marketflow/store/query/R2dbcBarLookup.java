package io.marketflow.store.query;

import io.marketflow.contracts.Bar;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/** {@link BarLookup} over the {@code bars} table; the primary key (symbol, timeframe, ts) serves the range scan. */
@Component
class R2dbcBarLookup implements BarLookup {

    private static final String SELECT = "SELECT symbol, timeframe, ts, open, high, low, close, volume, vwap, "
            + "trade_count, provider FROM bars WHERE symbol = :symbol AND timeframe = :timeframe";

    private final DatabaseClient database;

    R2dbcBarLookup(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Flux<Bar> find(BarQuery query) {
        StringBuilder sql = new StringBuilder(SELECT);
        if (query.from() != null) {
            sql.append(" AND ts >= :from");
        }
        if (query.to() != null) {
            sql.append(" AND ts < :to");
        }
        sql.append(" ORDER BY ts LIMIT :limit");
        DatabaseClient.GenericExecuteSpec statement = database.sql(sql.toString())
                .bind("symbol", query.symbol())
                .bind("timeframe", query.timeframe())
                .bind("limit", query.limit());
        if (query.from() != null) {
            statement = statement.bind("from", query.from());
        }
        if (query.to() != null) {
            statement = statement.bind("to", query.to());
        }
        return statement.map(R2dbcBarLookup::bar).all();
    }

    private static Bar bar(Readable row) {
        return new Bar(
                row.get("symbol", String.class),
                row.get("timeframe", String.class),
                row.get("ts", Instant.class),
                row.get("open", Double.class),
                row.get("high", Double.class),
                row.get("low", Double.class),
                row.get("close", Double.class),
                row.get("volume", Double.class),
                row.get("vwap", Double.class),
                row.get("trade_count", Long.class),
                row.get("provider", String.class));
    }
}

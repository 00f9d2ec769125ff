package io.marketflow.store.query;

import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * Reads option snapshots, fundamentals and news back, oldest first (newest last), at most the query's limit.
 * Each statement is served by an index of V1: options by (symbol, ts), fundamentals by the key (symbol, as_of),
 * news by the GIN index on symbols or by ts.
 */
class KindLookup {

    private final DatabaseClient database;

    KindLookup(DatabaseClient database) {
        this.database = database;
    }

    Flux<OptionSnapshot> options(KindQuery query) {
        StringBuilder sql = new StringBuilder("SELECT symbol, expiry, strike, option_right, ts, bid, ask, last, iv, "
                + "delta, gamma, open_interest, volume FROM option_snapshots WHERE symbol = :symbol");
        if (query.expiry() != null) {
            sql.append(" AND expiry = :expiry");
        }
        sql.append(range(query)).append(" ORDER BY ts, expiry, strike, option_right LIMIT :limit");
        DatabaseClient.GenericExecuteSpec statement =
                bind(database.sql(sql.toString()).bind("symbol", query.symbol()), query);
        if (query.expiry() != null) {
            statement = statement.bind("expiry", query.expiry());
        }
        return statement.map(KindLookup::option).all();
    }

    Flux<Fundamentals> fundamentals(KindQuery query) {
        return database.sql("SELECT symbol, as_of, market_cap, pe_ratio, eps, revenue, net_income, shares_outstanding "
                        + "FROM fundamentals WHERE symbol = :symbol ORDER BY as_of LIMIT :limit")
                .bind("symbol", query.symbol())
                .bind("limit", query.limit())
                .map(row -> new Fundamentals(
                        row.get("symbol", String.class),
                        row.get("as_of", LocalDate.class),
                        row.get("market_cap", Double.class),
                        row.get("pe_ratio", Double.class),
                        row.get("eps", Double.class),
                        row.get("revenue", Double.class),
                        row.get("net_income", Double.class),
                        row.get("shares_outstanding", Long.class)))
                .all();
    }

    Flux<NewsItem> news(KindQuery query) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, ts, symbols, headline, source, url, summary, sentiment FROM news WHERE true");
        if (query.symbol() != null) {
            sql.append(" AND symbols @> ARRAY[CAST(:symbol AS text)]");
        }
        sql.append(range(query)).append(" ORDER BY ts, id LIMIT :limit");
        DatabaseClient.GenericExecuteSpec statement = bind(database.sql(sql.toString()), query);
        if (query.symbol() != null) {
            statement = statement.bind("symbol", query.symbol());
        }
        return statement
                .map(row -> new NewsItem(
                        row.get("id", String.class),
                        row.get("ts", Instant.class),
                        Arrays.asList(row.get("symbols", String[].class)),
                        row.get("headline", String.class),
                        row.get("source", String.class),
                        row.get("url", String.class),
                        row.get("summary", String.class),
                        row.get("sentiment", Double.class)))
                .all();
    }

    private static String range(KindQuery query) {
        return (query.from() == null ? "" : " AND ts >= :from") + (query.to() == null ? "" : " AND ts < :to");
    }

    private static DatabaseClient.GenericExecuteSpec bind(
            DatabaseClient.GenericExecuteSpec statement, KindQuery query) {
        statement = statement.bind("limit", query.limit());
        if (query.from() != null) {
            statement = statement.bind("from", query.from());
        }
        if (query.to() != null) {
            statement = statement.bind("to", query.to());
        }
        return statement;
    }

    private static OptionSnapshot option(Readable row) {
        return new OptionSnapshot(
                row.get("symbol", String.class),
                row.get("expiry", LocalDate.class),
                row.get("strike", Double.class),
                row.get("option_right", String.class),
                row.get("ts", Instant.class),
                row.get("bid", Double.class),
                row.get("ask", Double.class),
                row.get("last", Double.class),
                row.get("iv", Double.class),
                row.get("delta", Double.class),
                row.get("gamma", Double.class),
                row.get("open_interest", Long.class),
                row.get("volume", Long.class));
    }
}

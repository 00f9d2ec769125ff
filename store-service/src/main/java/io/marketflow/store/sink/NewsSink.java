package io.marketflow.store.sink;

import static io.marketflow.store.sink.PgType.FLOAT8;
import static io.marketflow.store.sink.PgType.TEXT;
import static io.marketflow.store.sink.PgType.TEXT_ARRAY;
import static io.marketflow.store.sink.PgType.TIMESTAMPTZ;

import io.marketflow.contracts.NewsItem;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;

/** Upserts news items into {@code news}, keyed by the provider's id. */
public final class NewsSink extends UpsertSink<NewsItem> {

    static final Table<NewsItem> TABLE = new Table<>(
            "news",
            List.of(
                    Column.of("id", TEXT, NewsItem::id),
                    Column.of("ts", TIMESTAMPTZ, NewsItem::ts),
                    Column.of("symbols", TEXT_ARRAY, NewsItem::symbols),
                    Column.of("headline", TEXT, NewsItem::headline),
                    Column.of("source", TEXT, NewsItem::source),
                    Column.of("url", TEXT, NewsItem::url),
                    Column.of("summary", TEXT, NewsItem::summary),
                    Column.of("sentiment", FLOAT8, NewsItem::sentiment)),
            List.of("id"));

    public NewsSink(ConnectionFactory connections, Duration statementTimeout) {
        this(connections, statementTimeout, WriteMethod.DEFAULT);
    }

    public NewsSink(ConnectionFactory connections, Duration statementTimeout, WriteMethod method) {
        super("news", TABLE, connections, statementTimeout, method);
    }
}

package io.marketflow.store.query;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/** Reads option snapshots, fundamentals and news back as their {@link KindRead} describes. */
class KindLookup {

    private final DatabaseClient database;

    KindLookup(DatabaseClient database) {
        this.database = database;
    }

    <T> Flux<T> find(KindRead.Query<T> query) {
        DatabaseClient.GenericExecuteSpec statement = database.sql(query.sql()).bind("limit", query.limit());
        for (var value : query.values().entrySet()) {
            statement = statement.bind(value.getKey(), value.getValue());
        }
        return statement.map(query.read().table()::read).all();
    }
}

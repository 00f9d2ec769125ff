package io.marketflow.bench;

import io.marketflow.contracts.Bar;
import io.marketflow.store.sink.Tables;
import io.marketflow.store.sink.UpsertSink;
import io.marketflow.store.sink.WriteMethod;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * (d) The store's own sink, called directly from worker threads as the coordinator's workers call it: no HTTP,
 * no JSON, no queue. The gap between this and the store over HTTP is what the edge and the queue cost.
 */
record DirectSink(Database database, BarRows rows) implements BatchedMethod {

    @Override
    public long[] run(int threads, int batchSize) throws Exception {
        return run(threads, batchSize, WriteMethod.DEFAULT);
    }

    long[] run(int threads, int batchSize, WriteMethod method) throws Exception {
        // The bars exist before the clock starts, as they do by the time a coordinator's worker takes a batch.
        List<List<Bar>> batches = new ArrayList<>();
        for (long from = 0; from < rows.count(); from += batchSize) {
            batches.add(rows.bars(from, Math.min(rows.count(), from + batchSize)));
        }
        PgServer server = database.server();
        PostgresqlConnectionFactory factory =
                new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                        .host(server.host())
                        .port(server.port())
                        .username(server.user())
                        .password(server.password())
                        .database(database.name())
                        .build());
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .initialSize(threads)
                .maxSize(threads)
                .build());
        try {
            pool.warmup().block();
            UpsertSink<Bar> sink = new UpsertSink<>("bars", Tables.BARS, pool, Duration.ofSeconds(60), method);
            return Batches.run(
                    rows.count(), batchSize, threads, (from, to) -> sink.write(batches.get((int) (from / batchSize))));
        } finally {
            pool.dispose();
        }
    }
}

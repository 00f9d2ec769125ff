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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
        return withSink(
                threads,
                method,
                sink -> Batches.run(
                        rows.count(),
                        batchSize,
                        threads,
                        (from, to) -> sink.write(batches.get((int) (from / batchSize)))));
    }

    /**
     * As {@link #run}, but each thread owns a share of the symbols (symbol number modulo {@code threads}) and writes
     * only its own bars, in time order: writers that never insert into the same index leaf pages, as key-affine
     * batches in the coordinator would have them.
     */
    long[] runBySymbol(int threads, int batchSize) throws Exception {
        List<List<List<Bar>>> shares = new ArrayList<>();
        List<List<Bar>> filling = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            shares.add(new ArrayList<>());
            filling.add(new ArrayList<>(batchSize));
        }
        for (long row = 0; row < rows.count(); row++) {
            int t = rows.symbolOf(row) % threads;
            List<Bar> batch = filling.get(t);
            batch.add(rows.bar(row));
            if (batch.size() == batchSize) {
                shares.get(t).add(batch);
                filling.set(t, new ArrayList<>(batchSize));
            }
        }
        for (int t = 0; t < threads; t++) {
            if (!filling.get(t).isEmpty()) {
                shares.get(t).add(filling.get(t));
            }
        }
        return withSink(threads, WriteMethod.DEFAULT, sink -> {
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (List<List<Bar>> share : shares) {
                    done.add(pool.submit(() -> {
                        for (List<Bar> batch : share) {
                            long start = System.nanoTime();
                            sink.write(batch);
                            latencies.add(System.nanoTime() - start);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            return latencies.stream().mapToLong(Long::longValue).toArray();
        });
    }

    @FunctionalInterface
    private interface SinkRun {
        long[] run(UpsertSink<Bar> sink) throws Exception;
    }

    private long[] withSink(int threads, WriteMethod method, SinkRun run) throws Exception {
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
            return run.run(new UpsertSink<>("bars", Tables.BARS, pool, Duration.ofSeconds(60), method));
        } finally {
            pool.dispose();
        }
    }
}

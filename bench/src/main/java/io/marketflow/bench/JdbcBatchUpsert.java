package io.marketflow.bench;

import io.marketflow.contracts.Bar;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * (c) The peer's path, what a Kafka Connect JDBC sink does in upsert mode: one prepared
 * {@code INSERT … ON CONFLICT DO UPDATE}, {@code addBatch} per row, {@code executeBatch} and commit per batch, with
 * {@code reWriteBatchedInserts=true} so the driver folds rows into multi-row INSERTs.
 */
record JdbcBatchUpsert(Database database, BarRows rows) implements BatchedMethod {

    private static final String UPSERT = "INSERT INTO bars (symbol, timeframe, ts, open, high, low, close, volume,"
            + " vwap, trade_count, provider) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (symbol, timeframe, ts) DO UPDATE SET open = EXCLUDED.open, high = EXCLUDED.high,"
            + " low = EXCLUDED.low, close = EXCLUDED.close, volume = EXCLUDED.volume, vwap = EXCLUDED.vwap,"
            + " trade_count = EXCLUDED.trade_count, provider = EXCLUDED.provider";

    @Override
    public long[] run(int threads, int batchSize) throws Exception {
        String url = database.jdbcUrl() + "?reWriteBatchedInserts=true";
        PgServer server = database.server();
        BlockingQueue<Connection> connections = new ArrayBlockingQueue<>(threads);
        List<Connection> all = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Connection c = DriverManager.getConnection(url, server.user(), server.password());
                c.setAutoCommit(false);
                all.add(c);
                connections.add(c);
            }
            return Batches.run(rows.count(), batchSize, threads, (from, to) -> {
                Connection c = connections.take();
                try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                    for (long row = from; row < to; row++) {
                        bind(upsert, rows.bar(row));
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                    c.commit();
                } finally {
                    connections.add(c);
                }
            });
        } finally {
            for (Connection c : all) {
                c.close();
            }
        }
    }

    private static void bind(PreparedStatement upsert, Bar bar) throws java.sql.SQLException {
        upsert.setString(1, bar.symbol());
        upsert.setString(2, bar.timeframe());
        upsert.setObject(3, bar.ts().atOffset(ZoneOffset.UTC));
        upsert.setDouble(4, bar.open());
        upsert.setDouble(5, bar.high());
        upsert.setDouble(6, bar.low());
        upsert.setDouble(7, bar.close());
        upsert.setDouble(8, bar.volume());
        upsert.setObject(9, bar.vwap(), java.sql.Types.DOUBLE);
        upsert.setObject(10, bar.tradeCount(), java.sql.Types.BIGINT);
        upsert.setString(11, bar.provider());
    }
}

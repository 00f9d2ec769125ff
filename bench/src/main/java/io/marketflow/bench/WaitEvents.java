package io.marketflow.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * What PostgreSQL's backends are doing while a run lasts: every 200 ms, on its own connection, the wait event of
 * each active client backend of the benchmark's database ({@code pg_stat_activity}); "CPU" when it waits for
 * nothing (running, or waiting for a core). The shares say whether a rate is bound by PostgreSQL's CPU, its WAL
 * flushes (commits), pages other backends hold, or extending the table. One query per sample: negligible load.
 */
final class WaitEvents implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 200;
    private static final String SAMPLE = "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM"
            + " pg_stat_activity WHERE backend_type = 'client backend' AND state = 'active'"
            + " AND datname = current_database() AND pid <> pg_backend_pid()";

    private final Connection connection;
    private final Map<String, Integer> counts = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private int samples;

    private WaitEvents(Connection connection) {
        this.connection = connection;
        this.sampler = new Thread(this::sample, "pg-wait-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts sampling the backends of {@code database}. */
    static WaitEvents start(Database database) throws SQLException {
        return new WaitEvents(database.connect());
    }

    private void sample() {
        try (PreparedStatement statement = connection.prepareStatement(SAMPLE)) {
            while (running) {
                try (ResultSet rows = statement.executeQuery()) {
                    synchronized (counts) {
                        while (rows.next()) {
                            counts.merge(rows.getString(1), 1, Integer::sum);
                        }
                        samples++;
                    }
                }
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (SQLException e) {
            // The table says how many samples it has; a sampler that failed early shows as few.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shares of the sampled backends by wait event, as markdown, largest first. */
    String table() {
        StringBuilder out = new StringBuilder();
        synchronized (counts) {
            long backends =
                    counts.values().stream().mapToLong(Integer::longValue).sum();
            out.append(String.format(
                    "%d samples, %.1f active backends per sample on average.%n%n",
                    samples, samples == 0 ? 0.0 : (double) backends / samples));
            out.append("| wait event | share of active backends |\n|---|---:|\n");
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                    .filter(e -> e.getValue() * 200L >= backends) // 0.5 % and more
                    .forEach(e -> out.append(
                            String.format("| `%s` | %.0f %% |%n", e.getKey(), 100.0 * e.getValue() / backends)));
        }
        return out.append('\n').toString();
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        running = false;
        sampler.join(5_000);
        connection.close();
    }
}

package io.marketflow.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The store's database seen directly (not through the store): what is really stored, and a way to block writes. */
final class LoopDatabase {

    private final String jdbcUrl;

    LoopDatabase(LocalSystem system) {
        this.jdbcUrl = system.database().jdbcUrl("market_data");
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }

    /** {@code count(*)} and {@code count(DISTINCT key)} of the bars table. */
    long[] barCounts() {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet result =
                        statement.executeQuery("SELECT count(*), count(DISTINCT (symbol, timeframe, ts)) FROM bars")) {
            result.next();
            return new long[] {result.getLong(1), result.getLong(2)};
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long barCount() {
        return barCounts()[0];
    }

    /** Every stored bar as a {@link LoopBars#row}, duplicates kept. */
    List<String> barRows() {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT symbol, timeframe, ts, close FROM bars")) {
            while (result.next()) {
                rows.add(LoopBars.row(
                        result.getString(1),
                        result.getString(2),
                        result.getObject(3, OffsetDateTime.class).toInstant(),
                        result.getDouble(4)));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes {@code ACCESS EXCLUSIVE} on the bars table in an open transaction: every write to it waits until
     * the returned handle is closed (rolled back), which is how a slow or stuck database looks to the store.
     */
    TableLock lockBars() {
        try {
            Connection connection = connect();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE bars IN ACCESS EXCLUSIVE MODE");
            }
            return new TableLock(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes every statement that inserts into the bars table take at least {@code delay} longer (a statement
     * trigger that sleeps): a database with a fixed, known write capacity per connection. Called again, it
     * changes the delay for the statements that start from then on.
     */
    void slowEveryWrite(Duration delay) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE FUNCTION loop_slow_write() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN PERFORM pg_sleep(" + delay.toMillis() / 1000.0 + "); RETURN NULL; END $$");
            statement.execute("CREATE OR REPLACE TRIGGER loop_slow_write BEFORE INSERT ON bars"
                    + " FOR EACH STATEMENT EXECUTE FUNCTION loop_slow_write()");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Releases the lock on close. */
    record TableLock(Connection connection) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try (connection) {
                connection.rollback();
            }
        }
    }
}

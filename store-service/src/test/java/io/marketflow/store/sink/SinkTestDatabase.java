package io.marketflow.store.sink;

import io.marketflow.devdb.SharedTestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * A fresh migrated database on the shared embedded PostgreSQL, an R2DBC pool for the sinks (as Spring Boot
 * would build it), and plain JDBC for the test's own reads and writes.
 */
final class SinkTestDatabase implements AutoCloseable {

    interface RowMapper<R> {
        R map(ResultSet row) throws SQLException;
    }

    private final String jdbcUrl;
    private final ConnectionPool pool;

    private SinkTestDatabase(String jdbcUrl, ConnectionPool pool) {
        this.jdbcUrl = jdbcUrl;
        this.pool = pool;
    }

    /** A pool of one connection, so every write reuses the connection the previous (maybe failed) one used. */
    static SinkTestDatabase create() {
        return create(1);
    }

    static SinkTestDatabase create(int connections) {
        Map<String, String> settings = SharedTestDatabase.newDatabase("sinks");
        String database = settings.get("POSTGRES_DB");
        String jdbcUrl = SharedTestDatabase.server().jdbcUrl(database);
        Flyway.configure()
                .dataSource(jdbcUrl, "postgres", "postgres")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return new SinkTestDatabase(
                jdbcUrl,
                pool(
                        settings.get("POSTGRES_HOST"),
                        Integer.parseInt(settings.get("POSTGRES_PORT")),
                        database,
                        connections));
    }

    static ConnectionPool pool(String host, int port, String database, int size) {
        PostgresqlConnectionFactory factory =
                new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                        .host(host)
                        .port(port)
                        .database(database)
                        .username("postgres")
                        .password("postgres")
                        .connectTimeout(Duration.ofSeconds(2))
                        .build());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .initialSize(0)
                .maxSize(size)
                .maxAcquireTime(Duration.ofSeconds(5))
                .maxCreateConnectionTime(Duration.ofSeconds(2))
                .validationQuery("SELECT 1")
                .build());
    }

    ConnectionPool connections() {
        return pool;
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = jdbc();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    <R> List<R> query(String sql, RowMapper<R> mapper) throws SQLException {
        try (Connection connection = jdbc();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<R> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    /**
     * Every row of {@code table}, read with JDBC (not with the R2DBC mapping of {@link Table#read}), column by column
     * into the item's components.
     */
    <T> List<T> stored(Table<T> table) throws SQLException {
        return query("SELECT * FROM " + table.name(), row -> {
            List<Column<T>> columns = table.columns();
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(columns.get(i), row);
            }
            return table.item(values);
        });
    }

    private static Object value(Column<?> column, ResultSet row) throws SQLException {
        String name = column.name();
        return switch (column.type()) {
            case TEXT, BPCHAR -> row.getString(name);
            case FLOAT8 -> row.getObject(name, Double.class);
            case INT8 -> row.getObject(name, Long.class);
            case TIMESTAMPTZ -> {
                OffsetDateTime ts = row.getObject(name, OffsetDateTime.class);
                yield ts == null ? null : ts.toInstant();
            }
            case DATE -> row.getObject(name, LocalDate.class);
            case TEXT_ARRAY -> {
                java.sql.Array array = row.getArray(name);
                yield array == null ? null : List.of((String[]) array.getArray());
            }
        };
    }

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }

    @Override
    public void close() {
        pool.dispose();
    }
}

package io.marketflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The benchmark database: the store's own schema (its Flyway migrations), one {@code bars} table shared by every
 * method, and the bookkeeping between methods. The store is pointed at the same database, so every method writes
 * the same table with the same indexes.
 */
final class Database {

    static final List<String> SETTINGS = List.of(
            "shared_buffers",
            "work_mem",
            "maintenance_work_mem",
            "synchronous_commit",
            "fsync",
            "full_page_writes",
            "wal_level",
            "wal_compression",
            "max_wal_size",
            "checkpoint_timeout",
            "max_connections");

    private final PgServer server;
    private final String name;

    Database(PgServer server, String name) {
        this.server = server;
        this.name = name;
    }

    String name() {
        return name;
    }

    PgServer server() {
        return server;
    }

    String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server.user(), server.password());
    }

    /** Creates the database if needed and applies the store's migrations. */
    void create() throws SQLException {
        try (Connection admin =
                        DriverManager.getConnection(server.jdbcUrl("postgres"), server.user(), server.password());
                Statement statement = admin.createStatement()) {
            ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + name);
            }
        }
        Flyway.configure()
                .dataSource(jdbcUrl(), server.user(), server.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    long count() throws SQLException {
        return Long.parseLong(single("SELECT count(*) FROM bars"));
    }

    /** Where PostgreSQL's write-ahead log is now, in bytes since it began: the difference of two is WAL written. */
    long walPosition() throws SQLException {
        return Long.parseLong(single("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"));
    }

    /** The sizes of {@code bars} and of its primary key index, in MB, for the log. */
    String sizes() throws SQLException {
        return single("SELECT pg_relation_size('bars') / 1048576 || ' MB table, '"
                + " || pg_relation_size('bars_pkey') / 1048576 || ' MB key index'");
    }

    /**
     * Rows of these symbols dated at or after {@code from}: an index range per symbol, so it stays cheap on a
     * large table while a run is being measured (a plain count(*) reads the whole table).
     */
    long countFrom(Instant from, String[] symbols) throws SQLException {
        try (Connection c = connect();
                PreparedStatement count = c.prepareStatement(
                        "SELECT count(*) FROM bars WHERE symbol = ANY (?)" + " AND timeframe = '1m' AND ts >= ?")) {
            count.setArray(1, c.createArrayOf("text", symbols));
            count.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /**
     * Fills {@code bars} with {@code rows} rows strictly before {@code before} (the same symbols, one bar per
     * symbol and minute), so that a method's rows are all new keys in a table of that size.
     */
    void prefill(long rows, int symbols, Instant before) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE bars");
            if (rows > 0) {
                long minutes = (rows + symbols - 1) / symbols;
                // Dropping the key first lets PostgreSQL build the index once, sorted: minutes instead of tens.
                s.execute("ALTER TABLE bars DROP CONSTRAINT bars_pkey");
                try (PreparedStatement insert =
                        c.prepareStatement("INSERT INTO bars (symbol, timeframe, ts, open, high, low, close, volume)"
                                + " SELECT 'S' || lpad(sym::text, 4, '0'), '1m', ?::timestamptz - make_interval(mins => m::int),"
                                + " 100.0, 101.0, 99.0, 100.5, 1000"
                                + " FROM generate_series(?::bigint, 1, -1) AS m, generate_series(0, ?) AS sym"
                                + " LIMIT ?")) {
                    insert.setObject(1, before.atOffset(ZoneOffset.UTC));
                    insert.setLong(2, minutes);
                    insert.setInt(3, symbols - 1);
                    insert.setLong(4, rows);
                    insert.executeUpdate();
                }
                s.execute("ALTER TABLE bars ADD PRIMARY KEY (symbol, timeframe, ts)");
            }
            s.execute("VACUUM ANALYZE bars");
            s.execute("CHECKPOINT");
        }
    }

    /**
     * Puts the table back as the pre-fill left it: without the measured rows (from {@code runStart} on) and the
     * warm-up rows (before {@code warmupEnd}), vacuumed and checkpointed, so every method starts from one state.
     */
    void reset(long prefilled, Instant runStart, Instant warmupEnd) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            if (prefilled == 0) {
                s.execute("TRUNCATE bars");
            } else {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM bars WHERE ts >= ? OR ts < ?")) {
                    delete.setObject(1, runStart.atOffset(ZoneOffset.UTC));
                    delete.setObject(2, warmupEnd.atOffset(ZoneOffset.UTC));
                    delete.executeUpdate();
                }
                s.execute("VACUUM ANALYZE bars");
            }
            s.execute("CHECKPOINT");
        }
    }

    String version() throws SQLException {
        return single("SHOW server_version");
    }

    /** The one value {@code query} returns, as text. */
    private String single(String query) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getString(1);
        }
    }

    Map<String, String> settings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String setting : SETTINGS) {
                try (ResultSet r = s.executeQuery("SHOW " + setting)) {
                    r.next();
                    settings.put(setting, r.getString(1));
                }
            }
        }
        return settings;
    }

    /** The postmaster's process id, for CPU accounting; -1 when the server is not on this machine's /proc. */
    long postmasterPid() {
        try {
            Path pidFile = Path.of(single("SHOW data_directory"), "postmaster.pid");
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (Exception e) {
            return -1;
        }
    }
}

package io.marketflow.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the store's tables over plain JDBC, as an operator checking the database would. */
public final class StoreTables {

    public static final List<String> ALL = List.of("bars", "option_snapshots", "fundamentals", "news");

    private final Map<String, String> settings;

    /** {@code settings}: the {@code POSTGRES_*} values the store was started with. */
    public StoreTables(Map<String, String> settings) {
        this.settings = settings;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + settings.get("POSTGRES_HOST") + ":" + settings.get("POSTGRES_PORT") + "/"
                        + settings.get("POSTGRES_DB"),
                settings.get("POSTGRES_USER"),
                settings.get("POSTGRES_PASSWORD"));
    }

    public long count(String table) throws SQLException {
        if (!ALL.contains(table)) {
            throw new IllegalArgumentException("not a store table: " + table);
        }
        try (Connection c = connect();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Minute offsets from {@link TestBars#START} of the 1m bars of {@code symbol}, one per row (the primary key
     * makes them distinct, which callers check rather than assume).
     */
    public List<Integer> barOffsets(String symbol) throws SQLException {
        List<Integer> offsets = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement select =
                        c.prepareStatement("SELECT (extract(epoch FROM ts - ?::timestamptz) / 60)::int FROM bars"
                                + " WHERE symbol = ? AND timeframe = '1m'")) {
            select.setString(1, TestBars.START.toString());
            select.setString(2, symbol);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    offsets.add(rs.getInt(1));
                }
            }
        }
        return offsets;
    }
}

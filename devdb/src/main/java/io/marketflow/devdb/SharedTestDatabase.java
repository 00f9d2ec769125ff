package io.marketflow.devdb;

import java.util.Map;

/**
 * One embedded PostgreSQL per test JVM, started on first use and stopped when the JVM exits. Each test
 * class asks for its own database with {@link #newDatabase(String)}, so classes never see each other's rows.
 */
public final class SharedTestDatabase {

    private SharedTestDatabase() {}

    private static final class Holder {
        static final EmbeddedDatabase SERVER = EmbeddedDatabase.start(0, null);
    }

    public static EmbeddedDatabase server() {
        return Holder.SERVER;
    }

    /** A fresh, empty database; returns the {@code POSTGRES_*} settings that point at it. */
    public static Map<String, String> newDatabase(String prefix) {
        EmbeddedDatabase server = server();
        return server.connectionProperties(server.createDatabase(prefix));
    }
}

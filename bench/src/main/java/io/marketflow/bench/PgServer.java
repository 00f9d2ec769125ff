package io.marketflow.bench;

import java.util.Map;

/** Where the benchmark's PostgreSQL listens, and how to log in. */
record PgServer(String host, int port, String user, String password) {

    PgServer {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The store's settings for {@code database}, by the names of the contract. */
    Map<String, String> storeEnvironment(String database) {
        return Map.of(
                "POSTGRES_HOST", host,
                "POSTGRES_PORT", Integer.toString(port),
                "POSTGRES_DB", database,
                "POSTGRES_USER", user,
                "POSTGRES_PASSWORD", password);
    }
}

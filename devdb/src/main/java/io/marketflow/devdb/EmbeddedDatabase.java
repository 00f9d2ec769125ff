package io.marketflow.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server (binaries from Maven Central, run as a child process) for tests and the local run.
 * Callers must {@link #close()} it, or the server outlives the JVM; {@link #start} registers a shutdown hook
 * for the Ctrl-C case.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private volatile EmbeddedPostgres postgres;
    private final int fixedPort;
    private final Path dataDirectory;
    private final AtomicInteger counter = new AtomicInteger();
    private final Thread shutdownHook;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, boolean stopOnJvmExit) {
        this.postgres = postgres;
        this.fixedPort = postgres.getPort();
        this.dataDirectory = dataDirectory;
        this.shutdownHook = stopOnJvmExit ? new Thread(this::stopQuietly, "embedded-postgres-stop") : null;
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Starts a server on {@code port} (0 for a free one). With a {@code dataDirectory} the data survives
     * restarts; without one it lives in a temporary directory that is removed on close. The server stops when
     * the JVM exits.
     */
    public static EmbeddedDatabase start(int port, Path dataDirectory) {
        return start(port, dataDirectory, true);
    }

    /**
     * As {@link #start(int, Path)}; with {@code stopOnJvmExit} false the caller owns the order of shutdown
     * (the launcher stops the services, which drain into the database, before the database).
     */
    public static EmbeddedDatabase start(int port, Path dataDirectory, boolean stopOnJvmExit) {
        return new EmbeddedDatabase(launch(port, dataDirectory), dataDirectory, stopOnJvmExit);
    }

    private static EmbeddedPostgres launch(int port, Path dataDirectory) {
        try {
            // zonky registers a JVM shutdown hook of its own by default, which stops the server in parallel with
            // ours and with the launcher's ordered stop: on Ctrl-C it raced the store's drain. The only hook is
            // ours (when asked for), so the owner decides the order.
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(java.time.Duration.ofSeconds(60));
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /**
     * Stops the server as an outage would (clients see their connections dropped, then refused). Only for a
     * database started with a data directory, which {@link #restart()} brings back with its data.
     */
    public synchronized void stop() {
        if (dataDirectory == null) {
            throw new IllegalStateException("stop/restart needs a database started with a data directory");
        }
        stopQuietly();
    }

    /** Starts the server again on the same port and data directory after {@link #stop()}. */
    public synchronized void restart() {
        if (dataDirectory == null) {
            throw new IllegalStateException("stop/restart needs a database started with a data directory");
        }
        postgres = launch(fixedPort, dataDirectory);
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return fixedPort;
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates an empty database with a unique name starting with {@code prefix}, and returns the name. */
    public String createDatabase(String prefix) {
        String name = (prefix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
                + counter.incrementAndGet());
        return createDatabaseNamed(name.length() > 63 ? name.substring(name.length() - 63) : name);
    }

    /** Creates the named database if it does not exist yet, and returns the name. */
    public String createDatabaseNamed(String name) {
        Objects.requireNonNull(name, "name");
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    /**
     * The settings the services read ({@code POSTGRES_HOST} and friends) for {@code database}, in the form
     * of properties that can be handed to a Spring application or a test's property registry.
     */
    public Map<String, String> connectionProperties(String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("POSTGRES_HOST", host());
        properties.put("POSTGRES_PORT", Integer.toString(port()));
        properties.put("POSTGRES_DB", database);
        properties.put("POSTGRES_USER", user());
        properties.put("POSTGRES_PASSWORD", password());
        return properties;
    }

    @Override
    public void close() {
        stopQuietly();
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing left to do
        }
    }

    private synchronized void stopQuietly() {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}

package io.marketflow.store.query;

import io.marketflow.devdb.SharedTestDatabase;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * A database with every migration of the store applied, for the read-side tests and benchmark: a fresh one of
 * the shared embedded PostgreSQL (user and password {@code postgres}), or any other server a test started.
 */
final class MigratedDatabase {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    final Map<String, String> settings;
    final String jdbcUrl;

    private MigratedDatabase(Map<String, String> settings, String jdbcUrl) {
        this.settings = settings;
        this.jdbcUrl = jdbcUrl;
    }

    /** A new, migrated database of the shared embedded PostgreSQL, named after {@code prefix}. */
    static MigratedDatabase create(String prefix) {
        Map<String, String> settings = SharedTestDatabase.newDatabase(prefix);
        String jdbcUrl = SharedTestDatabase.server().jdbcUrl(settings.get("POSTGRES_DB"));
        migrate(jdbcUrl, USER, PASSWORD);
        return new MigratedDatabase(settings, jdbcUrl);
    }

    static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** R2DBC connections to this database. */
    PostgresqlConnectionFactory connections() {
        return connections(
                settings.get("POSTGRES_HOST"),
                Integer.parseInt(settings.get("POSTGRES_PORT")),
                settings.get("POSTGRES_DB"),
                USER,
                PASSWORD);
    }

    static PostgresqlConnectionFactory connections(
            String host, int port, String database, String user, String password) {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(host)
                .port(port)
                .database(database)
                .username(user)
                .password(password)
                .build());
    }

    /** The store's lookup over a read pool of two connections, as {@link BarReadContract} reads. */
    static R2dbcBarLookup pooledLookup(PostgresqlConnectionFactory connections) {
        return new R2dbcBarLookup(new ReadPool(connections, 2, Duration.ofSeconds(30)).client());
    }
}

package io.marketflow.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.devdb.SharedTestDatabase;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** {@link BarReadContract} on plain PostgreSQL (the embedded default): rollups in SQL at read time. */
class BarRollupIntegrationTests extends BarReadContract {

    private final Map<String, String> settings = SharedTestDatabase.newDatabase("rollup");
    private final String jdbcUrl = SharedTestDatabase.server().jdbcUrl(settings.get("POSTGRES_DB"));
    private final BarLookup lookup;

    BarRollupIntegrationTests() {
        Flyway.configure()
                .dataSource(jdbcUrl, user(), password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        lookup = new R2dbcBarLookup(new ReadPool(
                        new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                                .host(settings.get("POSTGRES_HOST"))
                                .port(Integer.parseInt(settings.get("POSTGRES_PORT")))
                                .database(settings.get("POSTGRES_DB"))
                                .username(user())
                                .password(password())
                                .build()),
                        2,
                        Duration.ofSeconds(30))
                .client());
    }

    @Test
    void plainPostgresqlHasNoAggregatesToReadFrom() {
        assertThat(((R2dbcBarLookup) lookup).aggregatedTimeframes().block()).isEmpty();
    }

    @Override
    String jdbcUrl() {
        return jdbcUrl;
    }

    @Override
    String user() {
        return "postgres";
    }

    @Override
    String password() {
        return "postgres";
    }

    @Override
    BarLookup lookup() {
        return lookup;
    }
}

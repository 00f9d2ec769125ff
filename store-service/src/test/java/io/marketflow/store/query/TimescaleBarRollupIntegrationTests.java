package io.marketflow.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link BarReadContract} on TimescaleDB, where 5m, 1h and UTC 1d rollups of 1m bars are read from the continuous
 * aggregates of migration V3 (real-time, so bars never refreshed into them still count). Needs Docker; skipped
 * where there is none, as on these build machines.
 */
@Testcontainers(disabledWithoutDocker = true)
class TimescaleBarRollupIntegrationTests extends BarReadContract {

    /** Same tag as docker-compose.yml. */
    static final DockerImageName TIMESCALE =
            DockerImageName.parse("timescale/timescaledb:2.17.2-pg16").asCompatibleSubstituteFor("postgres");

    @Container
    static final PostgreSQLContainer timescale = new PostgreSQLContainer(TIMESCALE);

    private R2dbcBarLookup lookup;

    @Override
    void prepare() {
        MigratedDatabase.migrate(jdbcUrl(), user(), password());
        lookup = MigratedDatabase.pooledLookup(MigratedDatabase.connections(
                timescale.getHost(),
                timescale.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                timescale.getDatabaseName(),
                user(),
                password()));
    }

    @Test
    void rollupsOfMinuteBarsAreReadFromTheContinuousAggregates() {
        assertThat(lookup.aggregatedTimeframes().block()).containsExactlyInAnyOrder("5m", "1h", "1d");
    }

    @Override
    String jdbcUrl() {
        return timescale.getJdbcUrl();
    }

    @Override
    String user() {
        return timescale.getUsername();
    }

    @Override
    String password() {
        return timescale.getPassword();
    }

    @Override
    BarLookup lookup() {
        return lookup;
    }
}

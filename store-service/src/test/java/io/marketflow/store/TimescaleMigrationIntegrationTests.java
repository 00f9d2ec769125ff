package io.marketflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * On TimescaleDB the same migrations make hypertables, compression policies and the 1m roll-ups. Needs
 * Docker; where there is none (these build machines) it is skipped, and the embedded-PostgreSQL tests cover
 * the plain-PostgreSQL path of the very same migrations.
 */
@Testcontainers(disabledWithoutDocker = true)
class TimescaleMigrationIntegrationTests {

    /** Same tag as docker-compose.yml. */
    static final DockerImageName TIMESCALE =
            DockerImageName.parse("timescale/timescaledb:2.17.2-pg16").asCompatibleSubstituteFor("postgres");

    @Container
    static final PostgreSQLContainer timescale = new PostgreSQLContainer(TIMESCALE);

    @Test
    void migrationsCreateHypertablesAndContinuousAggregates() throws Exception {
        Flyway.configure()
                .dataSource(timescale.getJdbcUrl(), timescale.getUsername(), timescale.getPassword())
                .locations("classpath:db/migration")
                .load()
                .migrate();

        try (Connection c =
                DriverManager.getConnection(timescale.getJdbcUrl(), timescale.getUsername(), timescale.getPassword())) {
            assertThat(strings(c, "SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1"))
                    .containsExactly("bars", "option_snapshots");
            assertThat(strings(c, "SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1"))
                    .containsExactly("bars_1d", "bars_1h", "bars_5m");
            assertThat(strings(
                            c,
                            "SELECT hypertable_name FROM timescaledb_information.jobs"
                                    + " WHERE proc_name = 'policy_compression' ORDER BY 1"))
                    .containsExactly("bars", "option_snapshots");
            c.createStatement()
                    .execute("INSERT INTO bars (symbol, timeframe, ts, open, high, low, close, volume)"
                            + " VALUES ('AAPL', '1m', now(), 1, 2, 0.5, 1.5, 10)"
                            + " ON CONFLICT (symbol, timeframe, ts) DO UPDATE SET close = EXCLUDED.close");
        }
    }

    private static List<String> strings(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

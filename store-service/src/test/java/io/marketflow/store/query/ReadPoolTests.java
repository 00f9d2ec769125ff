package io.marketflow.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadPoolTests {

    @Test
    void opensItsOwnConnectionsBesideTheApplicationsPoolNotThroughIt() {
        PostgresqlConnectionFactory driver = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("localhost")
                .username("postgres")
                .build());
        ConnectionPool application = new ConnectionPool(
                ConnectionPoolConfiguration.builder(driver).maxSize(16).build());

        try (ReadPool reads = new ReadPool(application, 3, Duration.ofSeconds(1))) {
            assertThat(reads.pool().unwrap()).isSameAs(driver);
            assertThat(reads.pool().getMetrics().orElseThrow().getMaxAllocatedSize())
                    .isEqualTo(3);
        } finally {
            application.dispose();
        }
    }
}

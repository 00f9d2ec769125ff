package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.marketflow.contracts.Bar;
import io.marketflow.devdb.SharedTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A database closed for maintenance ({@code ALLOW_CONNECTIONS false}) answers with SQLState 55000. The data
 * was never sent, so the write must count as transient (wait and retry), not as bad rows to dead-letter.
 */
class ClosedDatabaseIntegrationTests {

    @Test
    void databaseNotAcceptingConnectionsIsTransient() throws Exception {
        try (SinkTestDatabase db = SinkTestDatabase.create()) {
            String name = db.query("SELECT current_database()", row -> row.getString(1))
                    .get(0);
            try (Connection admin = DriverManager.getConnection(
                    SharedTestDatabase.server().jdbcUrl("postgres"), "postgres", "postgres")) {
                admin.createStatement().execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
                admin.createStatement()
                        .execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                                + "'");
                try {
                    UpsertSink<Bar> sink =
                            new UpsertSink<>("bars", Tables.BARS, db.connections(), Duration.ofSeconds(5));
                    Throwable failure = catchThrowable(() -> sink.write(
                            List.of(Bar.of("MAINT", "1m", Instant.parse("2025-10-15T14:30:00Z"), 1, 2, 0.5, 1.5, 10))));

                    assertThat(failure).isNotNull();
                    assertThat(new PostgresFailureClassifier().isTransient(failure))
                            .as("classified transient: %s", failure)
                            .isTrue();
                } finally {
                    admin.createStatement().execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true");
                }
            }
        }
    }
}

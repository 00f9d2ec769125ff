package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sink, by every method, pooled or not: a database nobody listens for is a transient failure. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreachableDatabaseIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Instant T0 = Instant.parse("2025-10-15T14:30:00Z");

    private final PostgresFailureClassifier classifier = new PostgresFailureClassifier();
    private ConnectionPool pool;
    private ConnectionFactory direct;

    @BeforeAll
    void pointAtAClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        pool = SinkTestDatabase.pool("localhost", port, "nowhere", 2);
        direct = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host("localhost")
                .port(port)
                .database("nowhere")
                .username("postgres")
                .connectTimeout(TIMEOUT)
                .build());
    }

    @AfterAll
    void closePool() {
        pool.dispose();
    }

    Stream<Arguments> sinks() {
        return Stream.of(WriteMethod.values())
                .flatMap(method -> Stream.of(true, false)
                        .flatMap(pooled -> Stream.of(
                                Arguments.of(method, pooled, "bars"),
                                Arguments.of(method, pooled, "options"),
                                Arguments.of(method, pooled, "fundamentals"),
                                Arguments.of(method, pooled, "news"))));
    }

    @ParameterizedTest(name = "{2} by {0}, pooled={1}")
    @MethodSource("sinks")
    void callsAnUnreachableDatabaseTransient(WriteMethod method, boolean pooled, String kind) {
        ConnectionFactory connections = pooled ? pool : direct;

        Throwable failure = catchThrowable(() -> writeOne(kind, connections, method));

        assertThat(failure).isNotNull();
        assertThat(classifier.isTransient(failure)).as("transient: %s", failure).isTrue();
    }

    private static void writeOne(String kind, ConnectionFactory connections, WriteMethod method) throws Exception {
        switch (kind) {
            case "bars" ->
                new UpsertSink<>(kind, Tables.BARS, connections, TIMEOUT, method)
                        .write(List.of(Bar.of("AAPL", "1m", T0, 1, 2, 0.5, 1.5, 1)));
            case "options" ->
                new UpsertSink<>(kind, Tables.OPTION_SNAPSHOTS, connections, TIMEOUT, method)
                        .write(List.of(new OptionSnapshot(
                                "AAPL",
                                LocalDate.of(2025, 12, 19),
                                190.0,
                                "C",
                                T0,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null)));
            case "fundamentals" ->
                new UpsertSink<>(kind, Tables.FUNDAMENTALS, connections, TIMEOUT, method)
                        .write(List.of(new Fundamentals(
                                "AAPL", LocalDate.of(2025, 9, 30), null, null, null, null, null, null)));
            case "news" ->
                new UpsertSink<>(kind, Tables.NEWS, connections, TIMEOUT, method)
                        .write(List.of(new NewsItem("n-1", T0, List.of("AAPL"), "headline", null, null, null, null)));
            default -> throw new IllegalArgumentException(kind);
        }
    }
}

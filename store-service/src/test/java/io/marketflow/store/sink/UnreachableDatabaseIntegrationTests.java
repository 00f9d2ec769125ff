package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
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
                        .flatMap(pooled -> SinkCase.ALL.stream().map(kind -> Arguments.of(method, pooled, kind))));
    }

    @ParameterizedTest(name = "{2} by {0}, pooled={1}")
    @MethodSource("sinks")
    void callsAnUnreachableDatabaseTransient(WriteMethod method, boolean pooled, SinkCase<?> kind) {
        ConnectionFactory connections = pooled ? pool : direct;

        Throwable failure = catchThrowable(() -> writeOne(kind, connections, method));

        assertThat(failure).isNotNull();
        assertThat(classifier.isTransient(failure)).as("transient: %s", failure).isTrue();
    }

    private static <T> void writeOne(SinkCase<T> kind, ConnectionFactory connections, WriteMethod method)
            throws Exception {
        kind.sink(connections, TIMEOUT, method).write(List.of(kind.item("AAPL", 1)));
    }
}

package io.marketflow.store.query;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import org.reactivestreams.Publisher;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * The connections reads run on: a small pool of their own over the same database as the writers' pool. A long
 * rollup or a burst of reads then waits for one of these connections and never for a writer's. Not a
 * {@link ConnectionFactory} bean itself, so that Spring's own connection factory is still the application's.
 */
final class ReadPool implements AutoCloseable {

    static final String WORK_MEM = "32MB";
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    private final ConnectionPool pool;
    private final DatabaseClient client;

    ReadPool(ConnectionFactory application, int maxConnections, Duration acquireTimeout) {
        this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(unpooled(application))
                .name("reads")
                .initialSize(0)
                .maxSize(maxConnections)
                .maxAcquireTime(acquireTimeout)
                .maxIdleTime(Duration.ofMinutes(5))
                .validationQuery("SELECT 1")
                .postAllocate(ReadPool::configure)
                .build());
        this.client = DatabaseClient.create(pool);
    }

    ConnectionPool pool() {
        return pool;
    }

    DatabaseClient client() {
        return client;
    }

    @Override
    public void close() {
        pool.dispose();
    }

    /**
     * Per read connection: enough memory to aggregate a year of 1m bars in a hash table rather than sorting them
     * through temporary files (the 4 MB default spills), and a bound on how long one read may run.
     */
    private static Publisher<Void> configure(Connection connection) {
        return Flux.from(connection
                        .createStatement("SET work_mem = '" + WORK_MEM + "'; SET statement_timeout = '"
                                + STATEMENT_TIMEOUT.toMillis() + "ms'")
                        .execute())
                .flatMap(Result::getRowsUpdated)
                .then();
    }

    // A pool inside a pool would hold the writers' connections: reach the driver's factory beneath.
    private static ConnectionFactory unpooled(ConnectionFactory factory) {
        ConnectionFactory current = factory;
        while (current instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner) {
            current = inner;
        }
        return current;
    }
}

package io.marketflow.store.sink;

import io.marketflow.store.coordinator.BatchSink;
import io.netty.buffer.ByteBuf;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Function;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes a batch into one {@link Table} as a single upsert, all or nothing, by {@link WriteMethod#COPY} or
 * {@link WriteMethod#UNNEST}. Rows are prepared on the calling worker thread; the database round trips run
 * on the driver's event loop while the worker waits for the commit. One class serves every kind: what differs
 * between kinds is only their table.
 *
 * <p>UNNEST is one statement, so it runs on its own (autocommit makes it atomic): one round trip per batch
 * instead of four (BEGIN, SET LOCAL statement_timeout, the upsert, COMMIT), which was most of the driver's event
 * loop per batch. The statement timeout is then a session setting, made once per physical connection and
 * remembered in {@link #SESSION_TIMEOUTS}. So is {@code client_connection_check_interval} (PostgreSQL 14 and
 * later): inside a transaction, a statement whose store died before it finished could never commit (the COMMIT
 * never came); in autocommit it would, once it got its locks, perhaps after a restarted store had written newer
 * values of the same rows. With the check the server cancels a dead client's statement within a second. COPY
 * needs a transaction for its temporary table and keeps one.
 *
 * @param <T> the item type
 */
public final class UpsertSink<T> implements BatchSink<T> {

    /**
     * Beyond the server-side statement timeout, a client-side deadline catches a connection that never
     * answers at all (a dead peer without a reset). It allows for acquiring a connection and every statement
     * of the transaction.
     */
    private static final Duration DEADLINE_ALLOWANCE = Duration.ofSeconds(10);

    /**
     * The statement timeout (ms) a sink set on each database session, by physical connection (weakly: a closed
     * connection drops out). Shared by every sink, so that sinks with different timeouts on one pool set theirs
     * again.
     */
    private static final Map<Object, Long> SESSION_TIMEOUTS = Collections.synchronizedMap(new WeakHashMap<>());

    /** How often the server looks whether the client of a running statement is still there (PostgreSQL ≥ 14). */
    static final Duration CLIENT_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final String name;
    private final Table<T> table;
    private final ConnectionFactory connections;
    private final WriteMethod method;
    private final Duration deadline;
    private final long timeoutMillis;
    private final String setSessionTimeoutSql;
    private final String copySql;
    private final String upsertSql;

    /**
     * A sink by {@link WriteMethod#DEFAULT}.
     *
     * @param name the sink's name, its {@code sink} tag in metrics (the kind, such as {@code bars})
     * @param statementTimeout how long one statement may run on the server; positive
     */
    public UpsertSink(String name, Table<T> table, ConnectionFactory connections, Duration statementTimeout) {
        this(name, table, connections, statementTimeout, WriteMethod.DEFAULT);
    }

    public UpsertSink(
            String name, Table<T> table, ConnectionFactory connections, Duration statementTimeout, WriteMethod method) {
        this.name = Objects.requireNonNull(name, "name");
        this.table = Objects.requireNonNull(table, "table");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.method = Objects.requireNonNull(method, "method");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statementTimeout must be positive: " + statementTimeout);
        }
        this.deadline = statementTimeout.multipliedBy(3).plus(DEADLINE_ALLOWANCE);
        this.timeoutMillis = Math.max(1, statementTimeout.toMillis());
        this.setSessionTimeoutSql = "SET statement_timeout = " + timeoutMillis;
        // One simple query, so COPY costs no more round trips than UNNEST: the server runs the statements in
        // order and reads the copy data (already on the wire) once it reaches the COPY. SET LOCAL ends with COPY's
        // transaction.
        this.copySql = "SET LOCAL statement_timeout = " + timeoutMillis + "; " + table.createStageSql() + "; "
                + table.copyIntoStageSql();
        this.upsertSql = method == WriteMethod.COPY ? table.upsertFromStageSql() : table.upsertFromUnnestSql();
    }

    @Override
    public long keyHash(T item) {
        return table.keyHash(item);
    }

    @Override
    public String name() {
        return name;
    }

    public WriteMethod method() {
        return method;
    }

    /**
     * Upserts {@code batch} (last occurrence of a key wins) and returns once committed. Throws the driver's
     * exception as it is, SQLState included, after any transaction was rolled back.
     */
    @Override
    public void write(List<T> batch) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        Object[][] values = table.values(batch);
        Mono<Void> write = method == WriteMethod.COPY ? prepareCopy(values) : prepareUnnest(values);
        try {
            write.timeout(deadline).block();
        } catch (RuntimeException e) {
            // block() wraps checked exceptions (a TimeoutException); hand the original to the classifier.
            Throwable original = Exceptions.unwrap(e);
            throw original instanceof Exception checked ? checked : e;
        }
    }

    private Mono<Void> prepareCopy(Object[][] values) {
        ByteBuf copyData = BinaryCopy.encode(table.columns(), values);
        return inTransaction(connection -> postgres(connection)
                .copyIn(copySql, Mono.just(copyData))
                .then(execute(connection.createStatement(upsertSql))));
    }

    private Mono<Void> prepareUnnest(Object[][] values) {
        BinaryArray[] arrays = table.unnestArrays(values);
        return withConnection(connection -> {
            Statement upsert = connection.createStatement(upsertSql);
            for (int i = 0; i < arrays.length; i++) {
                upsert.bind(i, arrays[i]);
            }
            return sessionTimeout(connection).then(execute(upsert));
        });
    }

    /** Sets this sink's statement timeout on the connection's session, unless it has it already. */
    private Mono<Void> sessionTimeout(Connection connection) {
        Object session = innermost(connection);
        if (Long.valueOf(timeoutMillis).equals(SESSION_TIMEOUTS.get(session))) {
            return Mono.empty();
        }
        String sql = majorVersion(connection) >= 14
                ? setSessionTimeoutSql + "; SET client_connection_check_interval = " + CLIENT_CHECK_INTERVAL.toMillis()
                : setSessionTimeoutSql;
        return execute(connection.createStatement(sql))
                .doOnSuccess(done -> SESSION_TIMEOUTS.put(session, timeoutMillis));
    }

    private Mono<Void> withConnection(Function<Connection, Mono<Void>> work) {
        return Mono.usingWhen(
                Mono.from(connections.create()).onErrorMap(ConnectionUnavailableException::new),
                connection -> Mono.defer(() -> work.apply(connection)),
                Connection::close,
                (connection, error) -> connection.close(),
                Connection::close);
    }

    private Mono<Void> inTransaction(Function<Connection, Mono<Void>> work) {
        return withConnection(connection -> Mono.from(connection.beginTransaction())
                .then(Mono.defer(() -> work.apply(connection)))
                .then(Mono.from(connection.commitTransaction()))
                .onErrorResume(error -> rollback(connection, error)));
    }

    private static Mono<Void> rollback(Connection connection, Throwable error) {
        return Mono.from(connection.rollbackTransaction())
                .onErrorResume(rollbackError -> {
                    error.addSuppressed(rollbackError);
                    return Mono.empty();
                })
                .then(Mono.error(error));
    }

    private static Mono<Void> execute(Statement statement) {
        return Flux.defer(statement::execute).concatMap(Result::getRowsUpdated).then();
    }

    /** COPY is PostgreSQL-only API, behind the pool's wrapper. */
    private static PostgresqlConnection postgres(Connection connection) {
        if (innermost(connection) instanceof PostgresqlConnection postgres) {
            return postgres;
        }
        throw new IllegalStateException("COPY needs an r2dbc-postgresql connection, got " + connection.getClass());
    }

    /** The server's major version, from what it announced at connect ("15.18 (Debian …)"); 0 if unknown. */
    private static int majorVersion(Connection connection) {
        String version = connection.getMetadata().getDatabaseVersion();
        int major = 0;
        for (int i = 0; version != null && i < version.length() && Character.isDigit(version.charAt(i)); i++) {
            major = major * 10 + (version.charAt(i) - '0');
        }
        return major;
    }

    /** The physical connection behind a pool's per-acquire wrapper: one per database session. */
    private static Object innermost(Connection connection) {
        Object current = connection;
        while (!(current instanceof PostgresqlConnection) && current instanceof Wrapped<?> wrapped) {
            current = wrapped.unwrap();
        }
        return current;
    }
}

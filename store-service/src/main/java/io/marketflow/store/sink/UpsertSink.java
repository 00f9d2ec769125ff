package io.marketflow.store.sink;

import io.marketflow.store.coordinator.BatchSink;
import io.netty.buffer.ByteBuf;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
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
import java.util.function.Supplier;
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
 * <p>Each worker's sink ({@link #forOneWorker()}) keeps the connection it wrote with for its next batch, as long as
 * the worker has more to write: acquiring
 * and releasing a pooled connection per batch ran every statement's set-up through the pool on the driver's event
 * loop (4–5 % of the store's CPU, {@code bench/results/ingest-2026-12-05-profile.md}). It lets go of it when the
 * worker goes idle ({@link #idle()}), when a write fails (the connection's state is then unknown), and after a
 * write while anyone else waits for a connection from the pool, so kept connections never starve another kind's
 * workers or a smaller pool.
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
    /** The pool behind {@link #connections}, to see whether anyone waits for a connection; null if not pooled. */
    private final ConnectionPool pool;
    /** Whether this is one worker's sink ({@link #forOneWorker()}), which keeps its connection between batches. */
    private final boolean keeping;
    /** The connection kept from the last batch; only ever touched by the one worker's thread. */
    private Connection kept;

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
        this.pool = poolOf(connections);
        this.keeping = false;
    }

    private UpsertSink(UpsertSink<T> shared) {
        this.name = shared.name;
        this.table = shared.table;
        this.connections = shared.connections;
        this.method = shared.method;
        this.deadline = shared.deadline;
        this.timeoutMillis = shared.timeoutMillis;
        this.setSessionTimeoutSql = shared.setSessionTimeoutSql;
        this.copySql = shared.copySql;
        this.upsertSql = shared.upsertSql;
        this.pool = shared.pool;
        this.keeping = true;
    }

    /**
     * This sink for one worker: it keeps its connection from one batch to the next while the worker has more to
     * write, and lets go of it on {@link #idle()}, on a failed write, or when anyone else waits for a connection.
     * Not thread-safe. This sink itself, shared, takes a connection from the pool for each batch.
     */
    @Override
    public UpsertSink<T> forOneWorker() {
        return new UpsertSink<>(this);
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
        // Only a worker's own sink keeps a connection; the shared one may be called from many threads at once and
        // must never hand one connection to two of them.
        Connection connection = keeping ? kept : null;
        if (connection == null) {
            connection = await(Mono.from(connections.create()).onErrorMap(ConnectionUnavailableException::new));
        }
        kept = keeping ? connection : null;
        Connection writing = connection;
        Mono<Void> write = Mono.defer(
                () -> method == WriteMethod.COPY ? prepareCopy(writing, values) : prepareUnnest(writing, values));
        try {
            await(write);
        } catch (Exception | Error e) {
            kept = null;
            release(connection); // a timed-out or failed statement leaves the session in an unknown state
            throw e;
        }
        if (!keeping || othersWaitForConnections()) {
            kept = null;
            release(connection);
        }
    }

    /** Returns the connection kept from the last batch, if any, to the pool. */
    @Override
    public void idle() {
        Connection connection = kept;
        if (connection != null) {
            kept = null;
            release(connection);
        }
    }

    /**
     * Gives {@code connection} back to the pool and waits for that, as releasing was part of every write before
     * connections were kept. An error here only means the connection is gone, which the pool notices.
     */
    private void release(Connection connection) {
        Mono.from(connection.close())
                .timeout(deadline)
                .onErrorResume(error -> Mono.empty())
                .block();
    }

    private boolean othersWaitForConnections() {
        return pool != null
                && pool.getMetrics().map(PoolMetrics::pendingAcquireSize).orElse(0) > 0;
    }

    /** {@code work}'s value, within the deadline; throws the original exception, SQLState included. */
    private <V> V await(Mono<V> work) throws Exception {
        try {
            return work.timeout(deadline).block();
        } catch (RuntimeException e) {
            // block() wraps checked exceptions (a TimeoutException); hand the original to the classifier.
            Throwable original = Exceptions.unwrap(e);
            throw original instanceof Exception checked ? checked : e;
        }
    }

    private Mono<Void> prepareCopy(Connection connection, Object[][] values) {
        ByteBuf copyData = BinaryCopy.encode(table.columns(), values);
        return inTransaction(
                connection,
                () -> postgres(connection)
                        .copyIn(copySql, Mono.just(copyData))
                        .then(execute(connection.createStatement(upsertSql))));
    }

    private Mono<Void> prepareUnnest(Connection connection, Object[][] values) {
        BinaryArray[] arrays = table.unnestArrays(values);
        Statement upsert = connection.createStatement(upsertSql);
        for (int i = 0; i < arrays.length; i++) {
            upsert.bind(i, arrays[i]);
        }
        return sessionTimeout(connection).then(execute(upsert));
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

    private static Mono<Void> inTransaction(Connection connection, Supplier<Mono<Void>> work) {
        return Mono.from(connection.beginTransaction())
                .then(Mono.defer(work))
                .then(Mono.from(connection.commitTransaction()))
                .onErrorResume(error -> rollback(connection, error));
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

    /** The r2dbc-pool behind {@code factory} (Spring may wrap it), or null when connections are not pooled. */
    private static ConnectionPool poolOf(ConnectionFactory factory) {
        Object current = factory;
        while (!(current instanceof ConnectionPool) && current instanceof Wrapped<?> wrapped) {
            current = wrapped.unwrap();
        }
        return current instanceof ConnectionPool connectionPool ? connectionPool : null;
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

package io.marketflow.store.sink;

import io.marketflow.store.coordinator.FailureClassifier;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import reactor.pool.PoolAcquirePendingLimitException;

/**
 * Classifies PostgreSQL write failures reached through R2DBC. When the server answered, its SQLState
 * decides (anywhere in the cause chain, since drivers and pools wrap); otherwise the failure happened
 * between us and the server (refused, reset, closed, timed out), which is transient. A failure to get a
 * connection at all is transient whatever its SQLState: the batch never reached the server.
 */
public final class PostgresFailureClassifier implements FailureClassifier {

    /** Server answers that mean "not now" rather than "never": races, overload, restarts, timeouts. */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "53300", // too_many_connections
            "55P03", // lock_not_available (lock_timeout)
            "57014", // query_canceled, raised by statement_timeout
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03"); // cannot_connect_now (starting up, in recovery)

    @Override
    public boolean isTransient(Throwable error) {
        if (chain(error).stream().anyMatch(ConnectionUnavailableException.class::isInstance)) {
            return true; // e.g. 55000 "database does not allow connections": the data was never sent
        }
        String sqlState = firstSqlState(error);
        if (sqlState != null) {
            return sqlState.startsWith("08") || TRANSIENT_STATES.contains(sqlState);
        }
        for (Throwable cause : chain(error)) {
            if (isConnectionTrouble(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionTrouble(Throwable error) {
        return error instanceof IOException // refused, reset, premature close, closed channel
                || error instanceof TimeoutException // pool acquire timeout, client-side deadline
                || error instanceof PoolAcquirePendingLimitException
                || error instanceof R2dbcTransientException // timeout, transient resource
                // Without a SQLState this comes from the client, not the server: connection refused or closed.
                || error instanceof R2dbcNonTransientResourceException;
    }

    private static String firstSqlState(Throwable error) {
        for (Throwable cause : chain(error)) {
            if (cause instanceof R2dbcException r2dbc
                    && r2dbc.getSqlState() != null
                    && !r2dbc.getSqlState().isBlank()) {
                return r2dbc.getSqlState();
            }
        }
        return null;
    }

    /** The error and its causes, stopping at a cycle. */
    private static List<Throwable> chain(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = error; cause != null && seen.add(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}

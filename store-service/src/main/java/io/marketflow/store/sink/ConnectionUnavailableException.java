package io.marketflow.store.sink;

/**
 * No connection could be had for a write (refused, authentication failed, database not accepting
 * connections, pool exhausted). Whatever the server's SQLState, the batch never reached it, so the failure
 * says nothing about the data and is always transient.
 */
final class ConnectionUnavailableException extends RuntimeException {

    ConnectionUnavailableException(Throwable cause) {
        super("no database connection: " + cause.getMessage(), cause);
    }
}

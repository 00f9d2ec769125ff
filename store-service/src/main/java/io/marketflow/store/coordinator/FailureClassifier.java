package io.marketflow.store.coordinator;

/**
 * Tells transient write failures (the database is unreachable, overloaded, restarting, or a transaction lost
 * a race: retry later) from data errors (this batch can never be written as it is: isolate the bad rows).
 */
@FunctionalInterface
public interface FailureClassifier {

    boolean isTransient(Throwable error);
}

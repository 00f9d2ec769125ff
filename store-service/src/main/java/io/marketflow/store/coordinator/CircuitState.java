package io.marketflow.store.coordinator;

import java.util.Locale;

/** The write circuit breaker's state, as health, metrics and logs report it. */
public enum CircuitState {
    /** Writes go through. */
    CLOSED,
    /** The database is failing: workers take nothing until the half-open delay has passed. */
    OPEN,
    /** One probe write is in flight; its outcome closes or re-opens the circuit. */
    HALF_OPEN;

    /** {@code closed}, {@code open} or {@code half_open}: the value in health details and logs. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

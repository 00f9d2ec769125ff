package io.marketflow.store;

import io.marketflow.devdb.SharedTestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring test at a fresh database of the shared embedded PostgreSQL. */
public final class StoreTestDatabase {

    /**
     * Retries and a circuit breaker quick enough for a test that stops the database for seconds: three failures
     * open the circuit, it half-opens after 0.5 s, and a write is tried twice with 20-200 ms between.
     */
    public static final Map<String, String> QUICK_RECOVERY = Map.of(
            "MDS_CB_FAILURE_THRESHOLD", "3",
            "MDS_CB_HALF_OPEN_AFTER_SEC", "0.5",
            "MDS_RETRY_MAX_ATTEMPTS", "2",
            "MDS_RETRY_INITIAL_BACKOFF_MS", "20",
            "MDS_RETRY_MAX_BACKOFF_MS", "200");

    private StoreTestDatabase() {}

    /** Registers {@code POSTGRES_*} for a new, empty database and the store's config name. */
    public static void register(DynamicPropertyRegistry registry, String prefix) {
        SharedTestDatabase.newDatabase(prefix).forEach((key, value) -> registry.add(key, () -> value));
    }

    /** As {@link #register}, with a dead-letter directory of this run's own under {@code target/}. */
    public static void registerWithDeadLetters(DynamicPropertyRegistry registry, String prefix) {
        newDatabaseWithDeadLetters(prefix).forEach((key, value) -> registry.add(key, () -> value));
    }

    /** The settings of a new, empty database and of a dead-letter directory of this run's own under {@code target/}. */
    public static Map<String, String> newDatabaseWithDeadLetters(String prefix) {
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase(prefix));
        settings.put("MDS_DLQ_DIR", "target/dlq-" + prefix + "-" + System.nanoTime());
        return settings;
    }
}

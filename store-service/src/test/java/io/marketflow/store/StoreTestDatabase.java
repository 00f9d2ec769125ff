package io.marketflow.store;

import io.marketflow.devdb.SharedTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a Spring test at a fresh database of the shared embedded PostgreSQL. */
public final class StoreTestDatabase {

    private StoreTestDatabase() {}

    /** Registers {@code POSTGRES_*} for a new, empty database and the store's config name. */
    public static void register(DynamicPropertyRegistry registry, String prefix) {
        SharedTestDatabase.newDatabase(prefix).forEach((key, value) -> registry.add(key, () -> value));
    }
}

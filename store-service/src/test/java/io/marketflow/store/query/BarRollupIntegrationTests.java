package io.marketflow.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link BarReadContract} on plain PostgreSQL (the embedded default): rollups in SQL at read time. */
class BarRollupIntegrationTests extends BarReadContract {

    private final MigratedDatabase database = MigratedDatabase.create("rollup");
    private final BarLookup lookup = MigratedDatabase.pooledLookup(database.connections());

    @Test
    void plainPostgresqlHasNoAggregatesToReadFrom() {
        assertThat(((R2dbcBarLookup) lookup).aggregatedTimeframes().block()).isEmpty();
    }

    @Override
    String jdbcUrl() {
        return database.jdbcUrl;
    }

    @Override
    String user() {
        return MigratedDatabase.USER;
    }

    @Override
    String password() {
        return MigratedDatabase.PASSWORD;
    }

    @Override
    BarLookup lookup() {
        return lookup;
    }
}

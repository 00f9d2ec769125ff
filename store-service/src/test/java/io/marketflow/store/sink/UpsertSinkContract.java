package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.marketflow.store.coordinator.BatchSink;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every sink promises, checked for each write method against a real PostgreSQL: upsert by key, last
 * occurrence wins inside a batch, and a batch is written whole or not at all. Subclasses add the checks of
 * their own columns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UpsertSinkContract<T> {

    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    final PostgresFailureClassifier classifier = new PostgresFailureClassifier();
    private final Table<T> table;
    SinkTestDatabase database;

    /** @param table the table of the sink under test */
    UpsertSinkContract(Table<T> table) {
        this.table = table;
    }

    /** The sink under test, writing through {@code connections}. */
    BatchSink<T> sink(ConnectionFactory connections, Duration statementTimeout, WriteMethod method) {
        return new UpsertSink<>(table.name(), table, connections, statementTimeout, method);
    }

    /** Every stored row, read back with JDBC. */
    List<T> stored() throws SQLException {
        return database.stored(table);
    }

    /** An item whose key is made from {@code key} and whose other columns from {@code version}. */
    abstract T item(String key, int version);

    /** An item the database refuses (a check constraint, a NUL byte in text, ...). */
    abstract T rejectedItem();

    @BeforeAll
    void createDatabase() {
        database = SinkTestDatabase.create();
    }

    @AfterAll
    void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        database.execute("TRUNCATE " + table.name());
    }

    BatchSink<T> sink(WriteMethod method) {
        return sink(database.connections(), STATEMENT_TIMEOUT, method);
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void overwritesRowsThatShareAKey(WriteMethod method) throws Exception {
        BatchSink<T> sink = sink(method);

        sink.write(List.of(item("a", 1), item("b", 1)));
        sink.write(List.of(item("a", 2)));

        assertThat(stored()).containsExactlyInAnyOrder(item("a", 2), item("b", 1));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void keepsTheLastOccurrenceOfAKeyRepeatedInOneBatch(WriteMethod method) throws Exception {
        sink(method).write(List.of(item("a", 1), item("b", 1), item("a", 2), item("a", 3), item("b", 2)));

        assertThat(stored()).containsExactlyInAnyOrder(item("a", 3), item("b", 2));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void writesNothingOfABatchTheDatabaseRejectsAndCallsItNonTransient(WriteMethod method) throws Exception {
        BatchSink<T> sink = sink(method);
        sink.write(List.of(item("a", 1)));

        Throwable failure = catchThrowable(() -> sink.write(List.of(item("a", 2), item("b", 1), rejectedItem())));

        assertThat(failure).isInstanceOf(R2dbcException.class);
        assertThat(((R2dbcException) failure).getSqlState()).matches("2[0-9A-Z]{4}");
        assertThat(classifier.isTransient(failure)).isFalse();
        assertThat(stored()).containsExactly(item("a", 1));

        // The pool has one connection: the failed transaction must have left it usable.
        sink.write(List.of(item("b", 1)));
        assertThat(stored()).containsExactlyInAnyOrder(item("a", 1), item("b", 1));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void writesALargeBatchWhole(WriteMethod method) throws Exception {
        List<T> batch = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            batch.add(item("k" + i, i));
        }

        sink(method).write(batch);

        assertThat(stored()).containsExactlyInAnyOrderElementsOf(batch);
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void writesNothingForAnEmptyBatch(WriteMethod method) throws Exception {
        sink(method).write(List.of());

        assertThat(stored()).isEmpty();
    }
}

package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.Bar;
import io.marketflow.store.coordinator.BatchSink;
import io.r2dbc.spi.R2dbcException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every sink promises, checked for each kind's table and each write method against a real PostgreSQL: upsert
 * by key, last occurrence wins inside a batch, a batch is written whole or not at all, and every column is stored
 * exactly (see {@link SinkCase}). Then what holds for any table, checked on bars: keys by the microseconds the
 * database keeps, and a statement timeout or a killed connection is transient.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpsertSinkIntegrationTests {

    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    final PostgresFailureClassifier classifier = new PostgresFailureClassifier();
    SinkTestDatabase database;

    @BeforeAll
    void createDatabase() {
        database = SinkTestDatabase.create();
    }

    @AfterAll
    void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        database.execute("TRUNCATE "
                + String.join(
                        ", ",
                        SinkCase.ALL.stream().map(kind -> kind.table().name()).toList()));
    }

    static Stream<Arguments> kindsAndMethods() {
        return SinkCase.ALL.stream()
                .flatMap(kind -> Stream.of(WriteMethod.values()).map(method -> Arguments.of(kind, method)));
    }

    /** The sink of {@code kind}, over the one-connection pool of the test database. */
    <T> BatchSink<T> sink(SinkCase<T> kind, WriteMethod method) {
        return kind.sink(database.connections(), STATEMENT_TIMEOUT, method);
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("kindsAndMethods")
    <T> void overwritesRowsThatShareAKey(SinkCase<T> kind, WriteMethod method) throws Exception {
        BatchSink<T> sink = sink(kind, method);

        sink.write(List.of(kind.item("a", 1), kind.item("b", 1)));
        sink.write(List.of(kind.item("a", 2)));

        assertThat(database.stored(kind.table())).containsExactlyInAnyOrder(kind.item("a", 2), kind.item("b", 1));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("kindsAndMethods")
    <T> void keepsTheLastOccurrenceOfAKeyRepeatedInOneBatch(SinkCase<T> kind, WriteMethod method) throws Exception {
        sink(kind, method)
                .write(List.of(
                        kind.item("a", 1), kind.item("b", 1), kind.item("a", 2), kind.item("a", 3), kind.item("b", 2)));

        assertThat(database.stored(kind.table())).containsExactlyInAnyOrder(kind.item("a", 3), kind.item("b", 2));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("kindsAndMethods")
    <T> void writesNothingOfABatchTheDatabaseRejectsAndCallsItNonTransient(SinkCase<T> kind, WriteMethod method)
            throws Exception {
        BatchSink<T> sink = sink(kind, method);
        sink.write(List.of(kind.item("a", 1)));

        Throwable failure =
                catchThrowable(() -> sink.write(List.of(kind.item("a", 2), kind.item("b", 1), kind.rejected())));

        assertThat(failure).isInstanceOf(R2dbcException.class);
        assertThat(((R2dbcException) failure).getSqlState()).matches("2[0-9A-Z]{4}");
        assertThat(classifier.isTransient(failure)).isFalse();
        assertThat(database.stored(kind.table())).containsExactly(kind.item("a", 1));

        // The pool has one connection: the failed transaction must have left it usable.
        sink.write(List.of(kind.item("b", 1)));
        assertThat(database.stored(kind.table())).containsExactlyInAnyOrder(kind.item("a", 1), kind.item("b", 1));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("kindsAndMethods")
    <T> void writesALargeBatchWhole(SinkCase<T> kind, WriteMethod method) throws Exception {
        List<T> batch = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            batch.add(kind.item("k" + i, i));
        }

        sink(kind, method).write(batch);

        assertThat(database.stored(kind.table())).containsExactlyInAnyOrderElementsOf(batch);
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("kindsAndMethods")
    <T> void writesNothingForAnEmptyBatch(SinkCase<T> kind, WriteMethod method) throws Exception {
        sink(kind, method).write(List.of());

        assertThat(database.stored(kind.table())).isEmpty();
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("kindsAndMethods")
    <T> void storesEveryColumnOfAwkwardItemsExactly(SinkCase<T> kind, WriteMethod method) throws Exception {
        sink(kind, method).write(kind.awkward());

        assertThat(database.stored(kind.table())).containsExactlyInAnyOrderElementsOf(kind.awkward());
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void keysTimestampsByMicrosecondAsTheDatabaseDoes(WriteMethod method) throws Exception {
        Bar first = Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00.123456001Z"), 1, 2, 0.5, 1.5, 1);
        Bar sameMicrosecond = Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00.123456999Z"), 1, 3, 0.5, 1.5, 2);

        sink(SinkCase.BARS, method).write(List.of(first, sameMicrosecond));

        assertThat(database.stored(Tables.BARS))
                .containsExactly(Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00.123456Z"), 1, 3, 0.5, 1.5, 2));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void callsAStatementTimeoutTransient(WriteMethod method) throws Exception {
        SinkCase<Bar> bars = SinkCase.BARS;
        sink(bars, method).write(List.of(bars.item("a", 1)));
        BatchSink<Bar> impatient = bars.sink(database.connections(), Duration.ofMillis(200), method);

        Throwable failure;
        try (Connection locker = database.jdbc()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("SELECT * FROM bars FOR UPDATE");
            failure = catchThrowable(() -> impatient.write(List.of(bars.item("a", 2))));
            locker.rollback();
        }

        assertThat(failure).isInstanceOf(R2dbcException.class);
        assertThat(((R2dbcException) failure).getSqlState()).isEqualTo("57014");
        assertThat(classifier.isTransient(failure)).isTrue();
        assertThat(database.stored(Tables.BARS)).containsExactly(bars.item("a", 1));
    }

    /**
     * UNNEST sets its timeout on the session, not per transaction: a sink must not inherit the shorter timeout
     * another sink left on the pool's (one) connection.
     */
    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void keepsItsOwnStatementTimeoutOnAConnectionASinkWithAShorterOneUsed(WriteMethod method) throws Exception {
        SinkCase<Bar> bars = SinkCase.BARS;
        bars.sink(database.connections(), Duration.ofMillis(200), method).write(List.of(bars.item("a", 1)));
        BatchSink<Bar> patient = sink(bars, method);

        try (Connection locker = database.jdbc()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("SELECT * FROM bars FOR UPDATE");
            CompletableFuture<Void> blocked =
                    CompletableFuture.runAsync(() -> writeUnchecked(patient, bars.item("a", 2)));
            await().atMost(Duration.ofSeconds(10))
                    .failFast("the write failed", blocked::isCompletedExceptionally)
                    .until(() -> !database.query(
                                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                                            + " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO bars%'"
                                            + " AND now() - query_start > interval '1 second'",
                                    row -> row.getInt("pid"))
                            .isEmpty());
            locker.rollback();
            blocked.join();
        }

        assertThat(database.stored(Tables.BARS)).containsExactly(bars.item("a", 2));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void callsAConnectionKilledMidWriteTransientAndWritesTheNextBatchOnAFreshOne(WriteMethod method) throws Exception {
        SinkCase<Bar> bars = SinkCase.BARS;
        BatchSink<Bar> sink = sink(bars, method);
        sink.write(List.of(bars.item("a", 1)));

        Throwable failure;
        try (Connection locker = database.jdbc()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("SELECT * FROM bars FOR UPDATE");
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> writeUnchecked(sink, bars.item("a", 2)));
            int pid = await().atMost(Duration.ofSeconds(10))
                    .until(this::backendWaitingToUpsertBars, Optional::isPresent)
                    .orElseThrow();
            database.execute("SELECT pg_terminate_backend(" + pid + ")");
            failure = catchThrowable(blocked::join).getCause();
            locker.rollback();
        }

        assertThat(classifier.isTransient(failure)).as("transient: %s", failure).isTrue();
        sink.write(List.of(bars.item("a", 3)));
        assertThat(database.stored(Tables.BARS)).containsExactly(bars.item("a", 3));
    }

    private Optional<Integer> backendWaitingToUpsertBars() throws SQLException {
        return database
                .query(
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO bars%'",
                        row -> row.getInt("pid"))
                .stream()
                .findFirst();
    }

    private static void writeUnchecked(BatchSink<Bar> sink, Bar bar) {
        try {
            sink.write(List.of(bar));
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}

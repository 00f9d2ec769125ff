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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BarSinkIntegrationTests extends UpsertSinkContract<Bar> {

    private static final Instant T0 = Instant.parse("2025-10-15T14:30:00Z");

    BarSinkIntegrationTests() {
        super(Tables.BARS);
    }

    @Override
    Bar item(String key, int version) {
        double price = 100 + version;
        return new Bar(
                key,
                "1m",
                T0,
                price,
                price + 2,
                price - 1,
                price + 1,
                1000.0 + version,
                price,
                (long) version,
                "p" + version);
    }

    @Override
    Bar rejectedItem() {
        return Bar.of("NUL\u0000", "1m", T0, 1, 2, 0.5, 1.5, 10);
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void storesEveryColumnAndNullsForMissingOptionalOnes(WriteMethod method) throws Exception {
        Bar full = new Bar(
                "AAPL",
                "1m",
                Instant.parse("2025-10-15T14:30:00.123456Z"),
                190.0,
                192.0,
                189.0,
                191.5,
                1000.0,
                190.7,
                42L,
                "ibkr");
        Bar minimal = Bar.of("BRK.B", "1d", Instant.parse("1999-12-31T23:59:59.999999Z"), 1.0, 2.0, 0.5, 1.5, 0.0);
        Bar unicode = new Bar(
                "X",
                "5s",
                Instant.parse("1969-07-20T20:17:40Z"),
                1e-9,
                1e300,
                1e-300,
                1.0,
                0.0,
                null,
                Long.MAX_VALUE,
                "fournisseur \"é\" \\ 数据 😀");

        sink(method).write(List.of(full, minimal, unicode));

        assertThat(stored()).containsExactlyInAnyOrder(full, minimal, unicode);
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void keysTimestampsByMicrosecondAsTheDatabaseDoes(WriteMethod method) throws Exception {
        Bar first = Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00.123456001Z"), 1, 2, 0.5, 1.5, 1);
        Bar sameMicrosecond = Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00.123456999Z"), 1, 3, 0.5, 1.5, 2);

        sink(method).write(List.of(first, sameMicrosecond));

        assertThat(stored())
                .containsExactly(Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00.123456Z"), 1, 3, 0.5, 1.5, 2));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void callsAStatementTimeoutTransient(WriteMethod method) throws Exception {
        sink(method).write(List.of(item("a", 1)));
        BatchSink<Bar> impatient = sink(database.connections(), Duration.ofMillis(200), method);

        Throwable failure;
        try (Connection locker = database.jdbc()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("SELECT * FROM bars FOR UPDATE");
            failure = catchThrowable(() -> impatient.write(List.of(item("a", 2))));
            locker.rollback();
        }

        assertThat(failure).isInstanceOf(R2dbcException.class);
        assertThat(((R2dbcException) failure).getSqlState()).isEqualTo("57014");
        assertThat(classifier.isTransient(failure)).isTrue();
        assertThat(stored()).containsExactly(item("a", 1));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void callsAConnectionKilledMidWriteTransientAndWritesTheNextBatchOnAFreshOne(WriteMethod method) throws Exception {
        BatchSink<Bar> sink = sink(method);
        sink.write(List.of(item("a", 1)));

        Throwable failure;
        try (Connection locker = database.jdbc()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("SELECT * FROM bars FOR UPDATE");
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> writeUnchecked(sink, item("a", 2)));
            int pid = await().atMost(Duration.ofSeconds(10))
                    .until(this::backendWaitingToUpsertBars, Optional::isPresent)
                    .orElseThrow();
            database.execute("SELECT pg_terminate_backend(" + pid + ")");
            failure = catchThrowable(blocked::join).getCause();
            locker.rollback();
        }

        assertThat(classifier.isTransient(failure)).as("transient: %s", failure).isTrue();
        sink.write(List.of(item("a", 3)));
        assertThat(stored()).containsExactly(item("a", 3));
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

package io.marketflow.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.Bar;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

/**
 * A worker's sink ({@link UpsertSink#forOneWorker()}) keeps its pooled connection from one batch to the next, and
 * lets go of it whenever keeping it could cost anyone: when the worker goes idle, when a write fails, and when
 * someone else waits for a connection. Checked on a real PostgreSQL through a pool of one connection, so a kept
 * connection that is not let go of blocks the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeptConnectionIntegrationTests {

    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    static final SinkCase<Bar> BARS = SinkCase.BARS;

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
    void emptyTable() throws SQLException {
        await().atMost(Duration.ofSeconds(10)).until(() -> acquired() == 0);
        database.execute("TRUNCATE bars");
    }

    UpsertSink<Bar> shared(WriteMethod method) {
        return BARS.sink(database.connections(), STATEMENT_TIMEOUT, method);
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void keepsItsConnectionBetweenBatchesAndLetsGoOfItWhenIdle(WriteMethod method) throws Exception {
        UpsertSink<Bar> worker = shared(method).forOneWorker();

        worker.write(List.of(BARS.item("a", 1)));
        assertThat(acquired()).isEqualTo(1);
        worker.write(List.of(BARS.item("a", 2), BARS.item("b", 1)));
        assertThat(acquired()).isEqualTo(1);

        worker.idle();

        assertThat(acquired()).isZero();
        assertThat(database.stored(Tables.BARS)).containsExactlyInAnyOrder(BARS.item("a", 2), BARS.item("b", 1));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void theSharedSinkReturnsItsConnectionAfterEveryBatch(WriteMethod method) throws Exception {
        shared(method).write(List.of(BARS.item("a", 1)));

        assertThat(acquired()).isZero();
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void handsItsConnectionToAnyoneWaitingForOneAfterItsNextBatch(WriteMethod method) throws Exception {
        UpsertSink<Bar> worker = shared(method).forOneWorker();
        worker.write(List.of(BARS.item("a", 1)));
        CompletableFuture<Connection> waiting =
                Mono.<Connection>from(database.connections().create()).toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics().pendingAcquireSize() == 1);
        assertThat(waiting).isNotDone();

        worker.write(List.of(BARS.item("a", 2)));

        Connection other = waiting.get(10, TimeUnit.SECONDS);
        Mono.from(other.close()).block(Duration.ofSeconds(10));
        assertThat(database.stored(Tables.BARS)).containsExactly(BARS.item("a", 2));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void letsGoOfItsConnectionWhenAWriteFailsAndWritesTheNextBatchOnAUsableOne(WriteMethod method) throws Exception {
        UpsertSink<Bar> worker = shared(method).forOneWorker();
        worker.write(List.of(BARS.item("a", 1)));

        Throwable failure = catchThrowable(() -> worker.write(List.of(BARS.item("b", 1), BARS.rejected())));

        assertThat(failure).isNotNull();
        assertThat(acquired()).isZero();
        worker.write(List.of(BARS.item("b", 2)));
        worker.idle();
        assertThat(database.stored(Tables.BARS)).containsExactlyInAnyOrder(BARS.item("a", 1), BARS.item("b", 2));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void writesOnAFreshConnectionAfterTheKeptOneWasKilled(WriteMethod method) throws Exception {
        UpsertSink<Bar> worker = shared(method).forOneWorker();
        worker.write(List.of(BARS.item("a", 1)));
        database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()");

        // The kept connection is dead: that write fails (the coordinator retries it), and lets go of it.
        catchThrowable(() -> worker.write(List.of(BARS.item("a", 2))));
        worker.write(List.of(BARS.item("a", 3)));
        worker.idle();

        assertThat(database.stored(Tables.BARS)).containsExactly(BARS.item("a", 3));
    }

    @ParameterizedTest
    @EnumSource(WriteMethod.class)
    void theSharedSinkNeverHandsOneConnectionToTwoThreads(WriteMethod method) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (SinkTestDatabase four = SinkTestDatabase.create(4)) {
            UpsertSink<Bar> shared = BARS.sink(four.connections(), STATEMENT_TIMEOUT, method);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            List<Bar> all = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<List<Bar>> batches = new ArrayList<>();
                for (int b = 0; b < 25; b++) {
                    List<Bar> batch = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        batch.add(BARS.item("t" + t + "b" + b + "i" + i, 1));
                    }
                    batches.add(batch);
                    all.addAll(batch);
                }
                writers.add(CompletableFuture.runAsync(
                        () -> {
                            for (List<Bar> batch : batches) {
                                try {
                                    shared.write(batch);
                                } catch (Exception e) {
                                    throw new CompletionException(e);
                                }
                            }
                        },
                        java.util.concurrent.Executors.newSingleThreadExecutor()));
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertThat(four.stored(Tables.BARS)).containsExactlyInAnyOrderElementsOf(all);
        } finally {
            threads.shutdownNow();
        }
    }

    private int acquired() {
        return metrics().acquiredSize();
    }

    private PoolMetrics metrics() {
        ConnectionPool pool = database.connections();
        return pool.getMetrics().orElseThrow();
    }
}

package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.marketflow.devdb.EmbeddedDatabase;
import io.marketflow.store.InProcessStore;
import io.marketflow.store.StoreTables;
import io.marketflow.store.StoreTestDatabase;
import io.marketflow.store.TestBars;
import io.marketflow.store.coordinator.CircuitState;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.reliability.StoreHttp.Reply;
import io.marketflow.testkit.BarLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops for ten seconds under sustained {@code ack=queued} load, with a small queue whose overflow
 * strategy ({@code drop_oldest}) parks the oldest items in the dead-letter queue once it is full. The circuit
 * opens and closes again; afterwards every acknowledged bar is in exactly one place, the table or the
 * dead-letter queue; and replaying the dead-letter queue leaves every acknowledged bar in the table once.
 */
class DatabaseOutageIntegrationTests {

    static final String SYMBOL = "OUTAGE";
    static final String COMMITTED = "OUTCOMMIT";
    static final Duration OUTAGE = Duration.ofSeconds(10);
    static final int CAPACITY = 1000;
    static final int BATCH = 100;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedBarIsWrittenOrDeadLetteredExactlyOnceAndReplayCompletesIt() throws Exception {
        Path dlq = dir.resolve("dlq");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(0, dir.resolve("pg"), false)) {
            Map<String, String> settings = new HashMap<>(db.connectionProperties(db.createDatabase("outage")));
            settings.put("MDS_DLQ_DIR", dlq.toString());
            settings.put("MDS_COORDINATOR_CAPACITY", Integer.toString(CAPACITY));
            settings.put("MDS_COORDINATOR_OVERFLOW_STRATEGY", "drop_oldest");
            settings.put("MDS_COORDINATOR_WORKERS", "2");
            settings.put("MDS_COORDINATOR_BATCH_SIZE", "200");
            settings.putAll(StoreTestDatabase.QUICK_RECOVERY);
            StoreTables tables = new StoreTables(settings);

            try (InProcessStore store = InProcessStore.start(settings)) {
                WriteCoordinator<?> bars = store.lanes().get(DataKind.BARS).coordinator();
                List<CircuitBreaker.State> circuit = new CopyOnWriteArrayList<>();
                bars.circuitBreaker()
                        .getEventPublisher()
                        .onStateTransition(
                                e -> circuit.add(e.getStateTransition().getToState()));
                StoreHttp http = new StoreHttp(store.url());

                BarLoad load = TestBars.load(store, "queued", SYMBOL, BATCH, 2, Duration.ofMillis(50));
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= 3000);

                db.stop();
                long stopped = System.nanoTime();
                await().atMost(Duration.ofSeconds(20)).until(() -> circuit.contains(CircuitBreaker.State.OPEN));
                Reply health = http.get("/actuator/health");
                assertThat(health.json()
                                .at("/components/coordinator/details/bars-coord/circuit_state")
                                .asString())
                        .isIn("open", "half_open");
                CompletableFuture<Reply> committedDuringOutage = CompletableFuture.supplyAsync(() ->
                        http.post("/ingest?ack=committed", "application/json", TestBars.jsonArray(COMMITTED, 0, 10)));
                // The outage lasts while the store keeps acknowledging: the circuit never closes meanwhile.
                await().during(OUTAGE)
                        .atMost(OUTAGE.plusSeconds(5))
                        .until(() -> bars.health().circuitState() != CircuitState.CLOSED);
                long acknowledgedDuringOutage = load.acknowledgedCount();
                boolean committedAnsweredDuringOutage = committedDuringOutage.isDone();
                db.restart();
                Duration outage = Duration.ofNanos(System.nanoTime() - stopped);

                await().atMost(Duration.ofSeconds(60)).until(() -> bars.health().circuitState() == CircuitState.CLOSED);
                long afterRecovery = load.acknowledgedCount();
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledgedCount() >= afterRecovery + 2000);
                load.close();
                assertThat(bars.awaitIdle(Duration.ofSeconds(60))).isTrue();

                Set<Integer> acknowledged = load.acknowledged();
                List<Integer> written = tables.barOffsets(SYMBOL);
                List<Integer> parked = DeadLetterItems.barOffsets(dlq, SYMBOL);
                Set<Integer> writtenKeys = new HashSet<>(written);
                Set<Integer> parkedKeys = new HashSet<>(parked);

                assertThat(load.unknown()).as("requests without an answer").isEmpty();
                assertThat(circuit).contains(CircuitBreaker.State.OPEN);
                assertThat(circuit.get(circuit.size() - 1)).isEqualTo(CircuitBreaker.State.CLOSED);
                assertThat(parked).as("the full queue dropped its oldest items").isNotEmpty();
                assertThat(parkedKeys).as("no item dead-lettered twice").hasSameSizeAs(parked);
                assertThat(writtenKeys).as("no row twice").hasSameSizeAs(written);
                // An item is dead-lettered only when it is evicted from the queue, before any worker took it, so it
                // can never also have been written: the two sets are disjoint and together are what was acknowledged.
                assertThat(writtenKeys).doesNotContainAnyElementsOf(parkedKeys);
                assertThat(written.size() + parked.size()).isEqualTo(acknowledged.size());
                Set<Integer> durable = new HashSet<>(writtenKeys);
                durable.addAll(parkedKeys);
                assertThat(durable).isEqualTo(acknowledged);

                // ack=committed says where its items went: with drop_oldest they may be evicted into the
                // dead-letter queue, and then the answer says so instead of claiming they were written.
                Reply committed = committedDuringOutage.get(60, TimeUnit.SECONDS);
                assertThat(committed.status()).as("%s", committed).isEqualTo(200);
                int committedWritten = committed.json().path("written").asInt();
                int committedParked = committed.json().path("dead_lettered").asInt(0);
                assertThat(committedWritten + committedParked).isEqualTo(10);
                assertThat(tables.barOffsets(COMMITTED)).hasSize(committedWritten);
                assertThat(DeadLetterItems.barOffsets(dlq, COMMITTED)).hasSize(committedParked);

                long recordsBeforeReplay =
                        http.get("/admin/dlq").json().path("records").asLong();
                long replayStarted = System.nanoTime();
                int replays = replayUntilEmpty(http);
                Duration replay = Duration.ofNanos(System.nanoTime() - replayStarted);
                assertThat(bars.awaitIdle(Duration.ofSeconds(30))).isTrue();

                List<Integer> afterReplay = tables.barOffsets(SYMBOL);
                assertThat(afterReplay).hasSize(acknowledged.size());
                assertThat(new HashSet<>(afterReplay)).isEqualTo(acknowledged);
                assertThat(tables.barOffsets(COMMITTED)).hasSize(10);
                assertThat(tables.count("bars")).isEqualTo(acknowledged.size() + 10);
                assertThat(DeadLetterItems.records(dlq)).isZero();
                assertThat(http.get("/admin/dlq").json().path("items").asLong()).isZero();

                System.out.printf(
                        "RELIABILITY outage: outage=%dms acknowledged=%d acknowledged_during_outage=%d written=%d"
                                + " dead_lettered=%d dlq_records_before_replay=%d replay_calls=%d replay=%dms"
                                + " after_replay=%d committed_answer=%s answered_during_outage=%s circuit=%s"
                                + " statuses=%s%n",
                        outage.toMillis(),
                        acknowledged.size(),
                        acknowledgedDuringOutage,
                        written.size(),
                        parked.size(),
                        recordsBeforeReplay,
                        replays,
                        replay.toMillis(),
                        afterReplay.size(),
                        committed.body(),
                        committedAnsweredDuringOutage,
                        circuit,
                        load.statuses());
            }
        }
    }

    /**
     * Replays ten records at a time: with {@code drop_oldest}, a replay larger than the queue would evict its own
     * first items back into the dead-letter queue. Returns the number of calls.
     */
    private static int replayUntilEmpty(StoreHttp http) {
        int calls = 0;
        while (true) {
            Reply reply = http.post("/admin/dlq/replay?max=10", "application/json", "");
            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            assertThat(reply.json().path("failed").asInt()).as("%s", reply).isZero();
            calls++;
            if (reply.json().path("remaining").asInt() == 0) {
                return calls;
            }
            assertThat(calls).as("replay calls").isLessThan(10_000);
        }
    }
}

package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.StoreTables;
import io.marketflow.store.TestBars;
import io.marketflow.testkit.BarLoad;
import io.marketflow.testkit.StoreProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The write-ahead journal against a real crash: the store in its own JVM takes bars with {@code ack=queued} while
 * a statement trigger slows every insert, so thousands of acknowledged bars are only queued when it gets SIGKILL.
 * Restarted on the same journal directory, it replays them: every acknowledged bar ends up in the table (or the
 * dead-letter queue), none twice, and no bar of a refused request appears.
 *
 * <p>Each seed picks its own load and kill moment. {@code verify} runs two; {@code -Djournal.seeds=20} runs more
 * (e.g. {@code ./mvnw -o verify -pl store-service -am -Dit.test=JournalCrashIntegrationTests -Djournal.seeds=20}).
 */
class JournalCrashIntegrationTests {

    private static final String SYMBOL = "CRASH";

    @TempDir
    Path dir;

    static LongStream seeds() {
        long count = Long.getLong("journal.seeds", 2);
        long first = Long.getLong("journal.first-seed", 1);
        return LongStream.range(first, first + count);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyAcknowledgedBarSurvivesASigkillAndIsWrittenOnceAfterTheRestart(long seed) throws Exception {
        // Mixed: the first values of java.util.Random for neighbouring small seeds are close to each other.
        Random random = new Random(seed * 0x9E3779B97F4A7C15L);
        int batch = 50 + random.nextInt(151);
        int threads = 2 + random.nextInt(3);
        int queuedAtKill = 1_000 + random.nextInt(7_001);
        int sleepMs = 100 + random.nextInt(201);
        long extraPauseMs = random.nextInt(500);

        Path dlq = dir.resolve("dlq");
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase("journal_crash"));
        settings.put("MDS_DLQ_DIR", dlq.toString());
        settings.put("MDS_JOURNAL_DIR", dir.resolve("journal").toString());
        // The smallest segments: many roll over, settle and are recycled before the kill, so that the restart reads
        // files that hold records of their previous use too.
        settings.put("MDS_JOURNAL_SEGMENT_BYTES", "65536");
        settings.put("MDS_COORDINATOR_WORKERS", "2");
        settings.put("MDS_COORDINATOR_BATCH_SIZE", "200");
        settings.put("MDS_INGEST_ENQUEUE_TIMEOUT_MS", "1000");
        StoreTables tables = new StoreTables(settings);

        BarLoad load;
        long queued;
        int exitCode;
        try (StoreProcess store = StoreJvm.start(settings, dir.resolve("store-1.log"))) {
            slowInserts(tables, sleepMs);
            load = TestBars.load(store, "queued", SYMBOL, batch, threads, Duration.ZERO);
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> new StoreHttp(store.url()).barsQueueSize() >= queuedAtKill);
            await().pollDelay(Duration.ofMillis(extraPauseMs)).until(() -> true);
            queued = new StoreHttp(store.url()).barsQueueSize();

            store.kill();
            exitCode = store.awaitExit(Duration.ofSeconds(30));
            load.close();
        }
        dropSlowInserts(tables);
        String journalAtKill = journalFiles(dir.resolve("journal"));
        int rowsAtKill = tables.barOffsets(SYMBOL).size();

        try (StoreProcess restarted = StoreJvm.start(settings, dir.resolve("store-2.log"))) {
            JsonNode journal = journalHealth(restarted);
            long recovered = journal.at("/details/recovered_items").asLong();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> new StoreHttp(restarted.url()).barsQueueSize() == 0
                            && tables.barOffsets(SYMBOL).size()
                                    >= load.acknowledged().size());

            Set<Integer> acknowledged = load.acknowledged();
            List<Integer> rows = tables.barOffsets(SYMBOL);
            Set<Integer> written = new HashSet<>(rows);
            Set<Integer> durable = new HashSet<>(written);
            durable.addAll(DeadLetterItems.barOffsets(dlq, SYMBOL));
            Set<Integer> sent = new HashSet<>(acknowledged);
            sent.addAll(load.unknown());

            assertThat(exitCode).as("exit code after SIGKILL").isEqualTo(137);
            assertThat(queued).as("acknowledged bars only queued at the kill").isGreaterThanOrEqualTo(queuedAtKill);
            assertThat(durable)
                    .as("acknowledged bars in the table or the dead-letter queue")
                    .containsAll(acknowledged);
            assertThat(rows).as("no bar written twice").hasSize(written.size());
            assertThat(sent)
                    .as("only bars that were acknowledged or got no answer (never a refused one)")
                    .containsAll(written);
            assertThat(recovered).as("items the restarted store replayed").isGreaterThanOrEqualTo(queued);
            assertThat(restarted.log()).contains("journal ").contains("recovered " + recovered + " items");

            System.out.printf(
                    "RELIABILITY journal-crash seed=%d batch=%d threads=%d trigger_sleep_ms=%d: acknowledged=%d"
                            + " queued_at_kill=%d rows_at_kill=%d journal_at_kill=%s recovered=%d rows=%d no_answer=%d statuses=%s%n",
                    seed,
                    batch,
                    threads,
                    sleepMs,
                    acknowledged.size(),
                    queued,
                    rowsAtKill,
                    journalAtKill,
                    recovered,
                    rows.size(),
                    load.unknown().size(),
                    load.statuses());
        }
    }

    // The segment files and the settled ones kept for reuse (N.free): the numbers say how many segments rolled over.
    private static String journalFiles(Path journal) throws IOException {
        try (Stream<Path> files = Files.list(journal)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals("lock"))
                    .sorted()
                    .map(name -> name.replaceFirst("^0+(?=\\d)", ""))
                    .toList()
                    .toString()
                    .replace(" ", "");
        }
    }

    // A BEFORE ... FOR EACH STATEMENT trigger runs once per upsert: every batch takes at least this long.
    private static void slowInserts(StoreTables tables, int sleepMs) throws Exception {
        try (Connection c = tables.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE FUNCTION journal_test_slow() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN PERFORM pg_sleep(" + sleepMs / 1000.0 + "); RETURN NULL; END $$");
            s.execute("CREATE TRIGGER journal_test_slow BEFORE INSERT ON bars FOR EACH STATEMENT"
                    + " EXECUTE FUNCTION journal_test_slow()");
        }
    }

    private static void dropSlowInserts(StoreTables tables) throws Exception {
        try (Connection c = tables.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS journal_test_slow ON bars");
        }
    }

    private static JsonNode journalHealth(StoreProcess store) {
        return new StoreHttp(store.url()).get("/actuator/health").json().at("/components/journal");
    }
}

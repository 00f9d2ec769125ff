package io.marketflow.launcher;

import static io.marketflow.launcher.PacedLoop.LOW_WATERMARK;
import static io.marketflow.launcher.PacedLoop.QUEUE_CAPACITY;
import static io.marketflow.launcher.PacedLoop.SLOW_WRITE;
import static io.marketflow.launcher.PacedLoop.measureCapacity;
import static io.marketflow.launcher.PacedLoop.pacing;
import static io.marketflow.launcher.PacedLoop.provider;
import static io.marketflow.launcher.PacedLoop.seconds;
import static io.marketflow.launcher.PacedLoop.sent;
import static io.marketflow.launcher.PacedLoop.startFeedingPipeline;
import static io.marketflow.launcher.PacedLoop.steadyWindow;
import static io.marketflow.launcher.PacedLoop.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.Bar;
import io.marketflow.pipeline.feedback.CoordinatorSnapshot;
import io.marketflow.pipeline.status.PipelineStatus;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.lane.Lanes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;

/**
 * The {@code pace} policy end to end beyond one pipeline in front of one store at 2x: a threefold overload from
 * a cold start, one pipeline in front of two store replicas behind a load balancer, and two pipelines feeding
 * one store. Real PostgreSQL slowed by a statement trigger (see {@link PacedLoop}), real signed HTTP both ways.
 * Each feeding pipeline starts once the database is slowed, so its start-up is the one measured.
 *
 * <p>Rates are compared with the capacity measured directly in the same run (a backlog of full batches, the
 * feed stopped), with wide margins: the machine is shared and loaded. Every wait is a deadline.
 */
class PacedLoopScalingIntegrationTests {

    /** Nominal capacity with {@link PacedLoop#SLOW_WRITE}: just under 1,000 bars/s. */
    private static final int NOMINAL = 1_000;

    @TempDir
    Path directory;

    /** The database of the system {@link #start} started (each test starts one). */
    private LoopDatabase database;

    @Test
    void pacesAThreefoldOverloadFromAColdStartWithoutFillingTheQueue() throws Exception {
        try (LocalSystem system = start(Map.of(), 1)) {
            WriteCoordinator<Bar> bars = bars(system.store());
            try (LoopWatch queue = new LoopWatch("queue", bars::queueSize, Duration.ofMillis(5));
                    LoopWatch rows = new LoopWatch("rows", database::barCount, Duration.ofMillis(100))) {
                ConfigurableApplicationContext pipeline = startFeedingPipeline(
                        system, provider("cold", 3 * NOMINAL, "CLDA,CLDB"), directory.resolve("dlq-cold"), Map.of());
                Instant started = Instant.now();
                await("no refusal and a queue below its capacity from the start")
                        .during(Duration.ofSeconds(20))
                        .atMost(Duration.ofSeconds(40))
                        .until(() -> throttled(pipeline) == 0 && bars.queueSize() < QUEUE_CAPACITY);
                Instant settled = Instant.now();
                long rowsBefore = database.barCount();
                await("no refusal throughout a 10 s window")
                        .during(Duration.ofSeconds(10))
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> throttled(pipeline) == 0);
                double written = (database.barCount() - rowsBefore) / seconds(settled);
                double[] steadyQueue = LoopWatch.meanAndMax(queue.changes(), settled, Instant.now());
                double startupMaxQueue = LoopWatch.meanAndMax(queue.changes(), started, settled)[1];

                pipeline.getBean("feedLifecycle", Lifecycle.class).stop();
                double capacity = measureCapacity(bars, database, "CAP");
                Duration startup = PacedLoop.timeToReach(rows.changes(), started, 0.9 * capacity);

                assertThat(startup)
                        .as("time from the pipeline's start until 90 %% of the capacity (%.0f/s) is written", capacity)
                        .isNotNull()
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(startupMaxQueue)
                        .as("largest queue during the start-up")
                        .isLessThan(QUEUE_CAPACITY);
                assertThat(steadyQueue[0]).as("mean queue once settled").isLessThan(LOW_WATERMARK);
                System.out.printf(
                        "[paced 3x] capacity %.0f/s, start-up to 90 %% %s, start-up max queue %.0f, written %.0f/s,"
                                + " queue mean %.0f%n",
                        capacity, startup, startupMaxQueue, written, steadyQueue[0]);
                assertThat(written)
                        .as("rows written per second vs the capacity measured directly (%.0f/s)", capacity)
                        .isGreaterThan(0.7 * capacity);
            }
        }
    }

    @Test
    void pacesOnePipelineToTheMoreConstrainedOfTwoStoreReplicas() throws Exception {
        try (LocalSystem system = start(Map.of("MDS_INSTANCE_ID", "a"), 1)) {
            ConfigurableApplicationContext replica = system.startStoreReplica(Map.of(
                    "MDS_INSTANCE_ID",
                    "b",
                    "MDS_DLQ_DIR",
                    directory.resolve("dlq-b").toString()));
            WriteCoordinator<Bar> a = bars(system.store());
            WriteCoordinator<Bar> b = bars(replica);
            Map<String, String> providers = new HashMap<>(provider("left", 2 * NOMINAL, "LFA,LFB"));
            providers.putAll(provider("right", 2 * NOMINAL, "RTA,RTB"));
            try (LoopBalancer balancer = new LoopBalancer(List.of(system.storePort(), PacedLoop.port(replica)));
                    LoopWatch queueA = new LoopWatch("queue-a", a::queueSize, Duration.ofMillis(5));
                    LoopWatch queueB = new LoopWatch("queue-b", b::queueSize, Duration.ofMillis(5))) {
                // The replica has the store's settings, so it posts its feedback to this pipeline too.
                ConfigurableApplicationContext pipeline = startFeedingPipeline(
                        system,
                        providers,
                        directory.resolve("dlq-replicas"),
                        Map.of("MDP_STORE_URL", "http://localhost:" + balancer.port()));
                await("the pipeline hears both replicas and paces to one of them")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> heard(pipeline).containsAll(List.of("bars-coord-a", "bars-coord-b"))
                                && pacing(pipeline) != null
                                && pacing(pipeline).capacity() != null);
                await("the loop settles: both queues below the low watermark for 3 s")
                        .during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> a.queueSize() < LOW_WATERMARK && b.queueSize() < LOW_WATERMARK);
                long throttledBefore = throttled(pipeline);
                PacedLoop.Window steady = steadyWindow(
                        database,
                        "no refusal and both queues below their capacity",
                        Duration.ofSeconds(15),
                        () -> throttled(pipeline) == throttledBefore
                                && a.queueSize() < QUEUE_CAPACITY
                                && b.queueSize() < QUEUE_CAPACITY);
                double written = steady.rowsPerSecond();
                String constrainedBy = pacing(pipeline).constrainedBy();

                pipeline.getBean("feedLifecycle", Lifecycle.class).stop();
                double oneReplica = measureCapacity(a, database, "CAP");

                assertThat(throttled(pipeline)).as("429/503 at the pipeline").isEqualTo(throttledBefore);
                assertThat(constrainedBy)
                        .as("the coordinator that sets the pace")
                        .isIn("bars-coord-a", "bars-coord-b");
                assertThat(LoopWatch.meanAndMax(queueA.changes(), steady.from(), steady.to())[0])
                        .as("mean queue of replica a")
                        .isLessThan(LOW_WATERMARK);
                assertThat(LoopWatch.meanAndMax(queueB.changes(), steady.from(), steady.to())[0])
                        .as("mean queue of replica b")
                        .isLessThan(LOW_WATERMARK);
                System.out.printf(
                        "[paced replicas] one replica %.0f/s, written %.0f/s, constrained by %s%n",
                        oneReplica, written, constrainedBy);
                // Connections, not requests, are balanced, so the split between the replicas may be uneven: the
                // busier one takes at least half of the load, so pacing to it writes at least one replica's capacity.
                assertThat(written)
                        .as("rows written per second vs one replica's capacity measured directly (%.0f/s)", oneReplica)
                        .isGreaterThan(0.7 * oneReplica);
            }
        }
    }

    @Test
    void twoPipelinesShareTheStoresCapacityInsteadOfEachTakingAllOfIt() throws Exception {
        try (LocalSystem system = start(Map.of(), 2)) {
            WriteCoordinator<Bar> bars = bars(system.store());
            try (LoopWatch queue = new LoopWatch("queue", bars::queueSize, Duration.ofMillis(5))) {
                // Both on ports the store lists in MDS_FEEDBACK_WEBHOOK_URL: each hears every event.
                ConfigurableApplicationContext first = startFeedingPipeline(
                        system, provider("first", 2 * NOMINAL, "FSA,FSB"), directory.resolve("dlq-first"), Map.of());
                ConfigurableApplicationContext second = startFeedingPipeline(
                        system, provider("second", 2 * NOMINAL, "SCA,SCB"), directory.resolve("dlq-second"), Map.of());
                List<ConfigurableApplicationContext> pipelines = List.of(first, second);
                await("both pipelines pace to the store's capacity")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> pipelines.stream()
                                .allMatch(p -> pacing(p) != null && pacing(p).capacity() != null));
                await("the loop settles: the queue below the low watermark for 3 s")
                        .during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> bars.queueSize() < LOW_WATERMARK);
                long throttledBefore = throttled(first) + throttled(second);
                long sentBefore = sent(first) + sent(second);
                Instant from = Instant.now();
                await("no refusal and a queue below its capacity throughout a 15 s window")
                        .during(Duration.ofSeconds(15))
                        .atMost(Duration.ofSeconds(25))
                        .until(() -> throttled(first) + throttled(second) == throttledBefore
                                && bars.queueSize() < QUEUE_CAPACITY);
                Instant to = Instant.now();
                double together = (sent(first) + sent(second) - sentBefore) / seconds(from);

                pipelines.forEach(
                        p -> p.getBean("feedLifecycle", Lifecycle.class).stop());
                double capacity = measureCapacity(bars, database, "CAP");

                assertThat(LoopWatch.meanAndMax(queue.changes(), from, to)[0])
                        .as("mean queue")
                        .isLessThan(LOW_WATERMARK);
                System.out.printf("[paced 2 pipelines] capacity %.0f/s, together %.0f/s%n", capacity, together);
                // Each alone would take the whole capacity (2x it together): sharing means about 1x.
                assertThat(together)
                        .as("bars/s both pipelines sent together vs the capacity measured directly (%.0f/s)", capacity)
                        .isBetween(0.7 * capacity, 1.3 * capacity);
            }
        }
    }

    /**
     * The system with ports reserved for {@code feedingPipelines} more pipelines, which the store posts to, and its
     * {@link #database} already slowed by {@link PacedLoop#SLOW_WRITE}, so that each feeding pipeline starts against
     * the capacity it is measured against.
     */
    private LocalSystem start(Map<String, String> store, int feedingPipelines) {
        Map<String, String> settings = new HashMap<>(PacedLoop.store(directory.resolve("dlq")));
        settings.putAll(store);
        LocalSystem system = LocalSystem.start(
                LocalSystem.Options.randomPorts()
                        .withFeed(false)
                        .withStore(settings)
                        .withPipeline(PacedLoop.pipeline(Map.of(
                                "MDP_DLQ_DIR", directory.resolve("dlq-pipeline").toString()))),
                feedingPipelines);
        try {
            database = new LoopDatabase(system);
            database.slowEveryWrite(SLOW_WRITE);
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private static WriteCoordinator<Bar> bars(ConfigurableApplicationContext store) {
        return store.getBean(Lanes.class).get(DataKind.BARS, Bar.class).coordinator();
    }

    private static List<String> heard(ConfigurableApplicationContext pipeline) {
        return pipeline.getBean(PipelineStatus.class).feedback().coordinators().stream()
                .map(CoordinatorSnapshot::coordinatorId)
                .toList();
    }
}

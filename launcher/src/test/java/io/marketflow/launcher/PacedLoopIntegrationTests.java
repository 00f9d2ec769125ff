package io.marketflow.launcher;

import static io.marketflow.launcher.PacedLoop.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.Bar;
import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.metrics.MetricNames;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.lane.Lanes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.Lifecycle;

/**
 * The {@code pace} policy end to end: a real PostgreSQL whose writes are slowed by a statement trigger (one
 * worker, batches of 100, so the trigger's sleep sets the write capacity), the store and the pipeline over
 * real signed HTTP, synthetic providers in backfill mode asking about twice what the database takes. The
 * store refuses at once when its queue is full ({@code error} strategy, 429), so a queue that reached its
 * capacity shows as a refusal at the pipeline.
 *
 * <p>Margins are wide on purpose: the machine these run on is shared and loaded, so rates are compared with
 * the capacity measured in the same run, and every wait is a deadline, not a sleep.
 */
class PacedLoopIntegrationTests {

    private static final int QUEUE_CAPACITY = PacedLoop.QUEUE_CAPACITY;
    private static final Duration SLOW_WRITE = PacedLoop.SLOW_WRITE;
    private static final Duration SLOWER_WRITE = Duration.ofMillis(200);
    /** About twice what one worker writes in batches of 100 with 100 ms added to each (just under 1,000/s). */
    private static final int OVERLOAD_RATE = 2_000;

    @TempDir
    Path directory;

    @Test
    void pacesASteadyOverloadToTheDatabaseAndFollowsItsCapacityDownAndBackUp() {
        Map<String, String> pipeline = new HashMap<>(PacedLoop.provider("pace", OVERLOAD_RATE, "PACE"));
        pipeline.put("MDP_FB_PROVIDER_NAME", "pace");
        try (LocalSystem system = start(pipeline);
                LoopProbe probe = new LoopProbe(system, "pace");
                LoopWatch queue =
                        new LoopWatch("queue", () -> probe.storeHealth().queueSize(), Duration.ofMillis(1))) {
            LoopDatabase database = new LoopDatabase(system);
            database.slowEveryWrite(SLOW_WRITE);

            // (a) Steady 2x overload. The loop has settled once the store holds a standing queue near the pace
            // target (250 ms): with a smaller one the single worker writes partial batches, below its capacity,
            // and the pace is still probing upward. The start-up (not paced until the first measurement) takes
            // the queue to a second or more, so the queue must first have drained.
            // How long the unpaced start-up takes to drain depends on how fast the machine fills the queue before
            // the first measurement arrives: 30 s was once not enough on CI. This only waits for the loop to begin.
            await("pipeline paces to the store's measured capacity and the start-up queue is drained")
                    .atMost(Duration.ofSeconds(90))
                    .until(() ->
                            pacing(system) != null && pacing(system).capacity() != null && heardDelayMs(probe) < 150);
            // After that the pace climbs slowly while the queue stays under one batch (the store's drain_rate then
            // follows the pace); it has arrived once a standing queue near the target holds for a few seconds.
            await("loop settles at a standing queue near the target delay")
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(50))
                    .until(() -> heardDelayMs(probe) >= 100 && heardDelayMs(probe) < 1_000);
            long throttledBefore = throttled(system);
            PacedLoop.Window steady = PacedLoop.steadyWindow(
                    database,
                    "no refusal and a queue below its capacity",
                    Duration.ofSeconds(10),
                    () -> throttled(system) == throttledBefore
                            && probe.storeHealth().queueSize() < QUEUE_CAPACITY);
            double steadyCapacity = storeDrainRate(system);

            assertThat(throttled(system)).as("429/503 at the pipeline").isEqualTo(throttledBefore);
            assertThat(maxQueue(queue, steady.from())).as("largest queue").isLessThan(QUEUE_CAPACITY);

            // (b) Capacity halved: the paced rate follows it down without filling the queue...
            database.slowEveryWrite(SLOWER_WRITE);
            Instant halved = Instant.now();
            await("paced rate follows the halved capacity")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> pacing(system).pacedRate() < 0.7 * steadyCapacity);
            await("and the store measures it")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> storeDrainRate(system) < 0.75 * steadyCapacity);
            // ...and comes back up once it is restored.
            database.slowEveryWrite(SLOW_WRITE);
            await("paced rate comes back up")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> pacing(system).pacedRate() > 0.85 * steadyCapacity);
            assertThat(throttled(system)).as("429/503 at the pipeline").isEqualTo(throttledBefore);
            assertThat(maxQueue(queue, halved)).as("largest queue").isLessThan(QUEUE_CAPACITY);

            // The database's capacity measured directly, without the loop: the feed stopped, a backlog of
            // full batches submitted at once, timed until written.
            double measured = measureCapacity(system, database);
            assertThat(steady.rowsPerSecond())
                    .as("rows written per second vs the capacity measured directly (%.0f/s)", measured)
                    .isGreaterThan(0.8 * measured);
        }
    }

    @Test
    void splitsThePacedRateAcrossProvidersByTheirWeights() {
        Map<String, String> pipeline = new HashMap<>();
        pipeline.putAll(PacedLoop.provider("heavy", OVERLOAD_RATE * 2 / 3, "HVA,HVB"));
        pipeline.putAll(PacedLoop.provider("light", OVERLOAD_RATE / 3, "LTA,LTB"));
        pipeline.put("MDP_FB_PROVIDER_NAME", "heavy");
        try (LocalSystem system = start(pipeline)) {
            new LoopDatabase(system).slowEveryWrite(SLOW_WRITE);
            await("pipeline paces to the store's measured capacity")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> pacing(system) != null
                            && pacing(system).capacity() != null
                            && pacing(system).pacedRate() < 0.75 * OVERLOAD_RATE);
            long heavyBefore = sent(system, "heavy");
            long lightBefore = sent(system, "light");
            long throttledBefore = throttled(system);
            Instant from = Instant.now();
            await("no refusal throughout a 10 s window")
                    .during(Duration.ofSeconds(10))
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> throttled(system) == throttledBefore);
            double window = seconds(from);
            double heavy = sent(system, "heavy") - heavyBefore;
            double light = sent(system, "light") - lightBefore;

            // Once seen at load 30 (light 0 in the window): the message keeps what is needed to tell a starved
            // provider (heavy > 0) from a stalled pipeline (both 0).
            assertThat(light)
                    .as("bars of the light provider (heavy sent %.0f in the %.1f s window)", heavy, window)
                    .isPositive();
            assertThat(heavy / light).as("heavy : light bars sent").isBetween(1.6, 2.5);
            assertThat((heavy + light) / window)
                    .as("both together stay paced (vs %d/s asked)", OVERLOAD_RATE)
                    .isLessThan(0.75 * OVERLOAD_RATE);
        }
    }

    private LocalSystem start(Map<String, String> providers) {
        return LocalSystem.start(LocalSystem.Options.randomPorts()
                .withFeed(true)
                .withStore(PacedLoop.store(directory.resolve("dlq")))
                .withPipeline(PacedLoop.pipeline(providers)));
    }

    private static FeedbackSnapshot.Pacing pacing(LocalSystem system) {
        return PacedLoop.pacing(system.pipeline());
    }

    /** The queueing delay the pipeline last heard from the bars coordinator, in ms; huge when none yet. */
    private static long heardDelayMs(LoopProbe probe) {
        return probe.barsCoordinatorAsHeard()
                .map(c -> c.queueDelayMs() == null ? Long.MAX_VALUE : c.queueDelayMs())
                .orElse(Long.MAX_VALUE);
    }

    private static double storeDrainRate(LocalSystem system) {
        Double rate = system.store()
                .getBean(Lanes.class)
                .get(DataKind.BARS)
                .coordinator()
                .drainRate();
        return rate == null ? 0 : rate;
    }

    /** Batches the store answered with 429 or 503, as the pipeline counted them. */
    private static long throttled(LocalSystem system) {
        return PacedLoop.throttled(system.pipeline());
    }

    private static long sent(LocalSystem system, String provider) {
        Counter counter = system.pipeline()
                .getBean(MeterRegistry.class)
                .find(MetricNames.BARS_SENT)
                .tag(MetricNames.TAG_PROVIDER, provider)
                .counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private static double maxQueue(LoopWatch queue, Instant from) {
        return LoopWatch.meanAndMax(queue.changes(), from, Instant.now())[1];
    }

    /** Rows per second one worker writes from a standing backlog of full batches, the feed stopped. */
    private static double measureCapacity(LocalSystem system, LoopDatabase database) {
        // The pipeline's feed (its class is the pipeline's own business; the bean's name and type are enough).
        Lifecycle feed = system.pipeline().getBean("feedLifecycle", Lifecycle.class);
        feed.stop();
        var bars = system.store()
                .getBean(Lanes.class)
                .get(DataKind.BARS, Bar.class)
                .coordinator();
        await("feed stopped and store idle")
                .atMost(Duration.ofSeconds(30))
                .until(() -> !feed.isRunning() && bars.queueSize() == 0);
        return PacedLoop.measureCapacity(bars, database, "CAP", Duration.ofSeconds(30));
    }
}

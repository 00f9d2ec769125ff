package io.marketflow.pipeline.feedback;

import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.marketflow.pipeline.feedback.LoopSimulation.Run;
import io.marketflow.pipeline.feedback.LoopSimulation.Scenario;
import io.marketflow.testkit.RecordCopies;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code pace} loop against a model of the store, in virtual time (see {@link LoopSimulation}): the targets of
 * the closed loop, scenario by scenario. Every run is deterministic and takes well under a second.
 */
class LoopSimulationTests {

    private static final double CAPACITY = 4000;
    private static final int START_UP_SEC = 5;
    private static final int QUEUE = 10_000;
    private static final int WARM_UP_SEC = 15;

    /**
     * A database of {@code CAPACITY} items/s, or 2,000 per replica when more: a replica's share of the target
     * queue must hold a few of the pipeline's batches, or its queue runs dry between two of them.
     */
    static double capacityFor(int replicas) {
        return Math.max(CAPACITY, 2000.0 * replicas);
    }

    /**
     * A steady overload: {@code overload} times a constant capacity of {@link #capacityFor}, noise 10 %, feedback
     * after 20-40 ms with 5 % lost, from a store that reports its drain rate, for 60 s. The other scenarios are this
     * one with some components replaced ({@link RecordCopies#with}).
     */
    static Scenario steady(String name, double overload, int providers, int replicas, int pipelines) {
        double capacity = capacityFor(replicas);
        return new Scenario(
                name,
                capacity,
                c -> capacity,
                overload,
                providers,
                replicas,
                pipelines,
                0.1,
                20,
                0.05,
                true,
                QUEUE,
                Duration.ofSeconds(60),
                42,
                0);
    }

    static Stream<Scenario> steadyOverloads() {
        return Stream.of(
                steady("2x, 1 provider", 2, 1, 1, 1),
                steady("3x, 10 providers", 3, 10, 1, 1),
                steady("10x, 100 providers", 10, 100, 1, 1),
                steady("2x, 3 replicas", 2, 5, 3, 1),
                steady("3x, 10 replicas", 3, 10, 10, 1),
                steady("2x, 2 pipelines", 2, 5, 1, 2),
                steady("3x, 5 pipelines, 4 replicas", 3, 20, 4, 5),
                steady("10x, 5 pipelines, 10 replicas, 100 providers", 10, 100, 10, 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"steadyOverloads", "endToEndStores"})
    void steadyOverloadWritesNearCapacityWithAShortQueueAndNoFlapping(Scenario scenario) {
        int queue = scenario.queueCapacity();
        Run run = new LoopSimulation(scenario).run();
        int end = (int) scenario.length().toSeconds();
        print(scenario, run);

        assertThat(run.writtenShare(WARM_UP_SEC, end))
                .as("rows written / capacity")
                .isGreaterThanOrEqualTo(0.95);
        assertThat(run.queueMax(START_UP_SEC, end)).as("largest queue").isLessThan(queue);
        assertThat(run.queueMean(WARM_UP_SEC, end)).as("mean queue").isLessThan(queue / 2.0);
        assertThat(run.delayQuantile(WARM_UP_SEC, end, 0.99))
                .as("queueing delay p99 (s)")
                .isLessThan(1.0);
        assertThat(run.levelChanges(START_UP_SEC, end)).as("level changes").isLessThanOrEqualTo(2 * end / 60);
        assertThat(run.rejected(START_UP_SEC, end))
                .as("items refused (429/503)")
                .isZero();
    }

    /**
     * The store of the end-to-end tests and of {@code bench/feedback} (queue 2,000, watermarks 1,000 / 1,600) at
     * its quiet capacity (about 1,000/s) and at the one measured under load (350/s), one provider per pipeline.
     */
    static Scenario endToEndStore(String name, double capacity, double overload, int pipelines) {
        return with(
                steady(name, overload, 1, 1, pipelines),
                Map.of(
                        "nominalCapacity",
                        capacity,
                        "capacity",
                        (DoubleUnaryOperator) c -> capacity,
                        "queueCapacity",
                        2_000));
    }

    static Stream<Scenario> endToEndStores() {
        return Stream.of(
                endToEndStore("store of the e2e tests at 1,000/s, 2x each, 2 pipelines", 1000, 2, 2),
                endToEndStore("store of the e2e tests at 350/s, 2x each, 2 pipelines", 350, 2, 2),
                endToEndStore("store of the e2e tests at 350/s, 3x, 1 pipeline", 350, 3, 1));
    }

    /** A pipeline that never hears from its store (no webhook configured, or every event lost). */
    @Test
    void withoutAnyFeedbackThePipelineStartsLowAndReachesItsFullRateWithin5s() {
        Scenario scenario =
                with(steady("2x, no feedback", 2, 10, 1, 1), Map.of("loss", 1.0, "length", Duration.ofSeconds(20)));
        Run run = new LoopSimulation(scenario).run();
        print(scenario, run);

        assertThat(run.paced[0]).as("paced rate in the first second").isLessThan(0.6 * 2 * CAPACITY);
        for (int s = 5; s < 20; s++) {
            assertThat(run.paced[s]).as("paced rate in second %d", s).isCloseTo(2 * CAPACITY, withinPercentage(1));
        }
    }

    /**
     * Two pipelines started together against a store that has not measured anything yet (the end-to-end
     * scenario): each starts at a quarter of its rate and ramps up, so neither floods the store before its first
     * measurement. (Five pipelines at 10x each still do: a quarter of 50x is more than the queue holds for the
     * quarter second until the first measurement; the hard level stops them, after some refusals.)
     */
    @Test
    void twoPipelinesStartedTogetherStayBelowTheHighWatermark() {
        Scenario scenario = steady("2x each, 2 pipelines started together", 2, 5, 1, 2);
        Run run = new LoopSimulation(scenario).run();

        assertThat(run.queueMax(0, 10)).as("largest queue in the first 10 s").isLessThan(QUEUE * 8 / 10);
        assertThat(run.levelChanges(0, 60))
                .as("level changes, start-up included")
                .isLessThanOrEqualTo(2);
        assertThat(run.rejected(0, 60)).as("items refused").isZero();
    }

    /**
     * Two replicas behind a balancer that splits connections, not requests, so one gets {@code busiest} of the
     * batches. The pipeline cannot steer its batches, so the most it can send without overrunning the busier
     * replica is that replica's capacity over its share: {@code 1 / (2 x busiest)} of both replicas' capacity.
     * The pace reaches that bound and keeps the busier replica's queue short; it cannot do better.
     */
    @ParameterizedTest(name = "replica 0 gets {0} of the batches")
    @ValueSource(doubles = {0.5, 0.65, 0.8})
    void behindAnUnevenBalancerThePaceReachesWhatTheBusierReplicaTakes(double busiest) {
        Scenario scenario = with(steady("2x, 2 replicas, split " + busiest, 2, 5, 2, 1), "busiestShare", busiest);
        Run run = new LoopSimulation(scenario).run();
        print(scenario, run);

        double bound = Math.min(1.0, 1 / (2 * busiest));
        assertThat(run.writtenShare(WARM_UP_SEC, 60))
                .as("rows written / capacity of both")
                .isGreaterThan(0.95 * bound);
        assertThat(run.delayQuantile(WARM_UP_SEC, 60, 0.99))
                .as("queueing delay p99 (s)")
                .isLessThan(1.0);
        assertThat(run.rejected(START_UP_SEC, 60)).as("items refused").isZero();
    }

    @Test
    void afterTheCapacityHalvesThePaceFollowsWithin5sAndRecoversWithin10s() {
        double full = CAPACITY;
        Scenario scenario = with(
                steady("2x, capacity halved at 30 s, restored at 60 s", 2, 10, 1, 1),
                Map.of(
                        "capacity",
                        (DoubleUnaryOperator) t -> t >= 30 && t < 60 ? full / 2 : full,
                        "length",
                        Duration.ofSeconds(90)));
        Run run = new LoopSimulation(scenario).run();
        print(scenario, run);

        // The capacity itself is noisy (+-10 % every 250 ms): the paced rate is compared over 2 s.
        for (int s = 35; s < 59; s++) {
            assertThat((run.paced[s] + run.paced[s + 1]) / 2)
                    .as("paced rate in seconds %d-%d", s, s + 1)
                    .isCloseTo(full / 2, withinPercentage(10));
        }
        for (int s = 70; s < 90; s++) {
            assertThat(run.written[s]).as("rows written in second %d", s).isGreaterThanOrEqualTo(0.9 * full);
        }
        assertThat(run.queueMax(START_UP_SEC, 90)).as("largest queue").isLessThan(QUEUE);
        assertThat(run.rejected(START_UP_SEC, 90)).as("items refused").isZero();
        assertThat(run.levelChanges(START_UP_SEC, 90)).as("level changes").isLessThanOrEqualTo(3);
    }

    @Test
    void aDatabaseOutageStopsThePipelineBeforeTheQueueIsFullAndFullSpeedReturnsWithin10s() {
        Scenario scenario = with(
                steady("3x, 3 replicas, 2 pipelines, outage 30-35 s", 3, 10, 3, 2), "capacity", (DoubleUnaryOperator)
                        t -> t >= 30 && t < 35 ? 0 : capacityFor(3));
        Run run = new LoopSimulation(scenario).run();
        print(scenario, run);

        assertThat(run.queueMax(START_UP_SEC, 60)).as("largest queue").isLessThan(QUEUE);
        assertThat(run.rejected(START_UP_SEC, 60)).as("items refused").isZero();
        for (int s = 45; s < 60; s++) {
            assertThat(run.written[s]).as("rows written in second %d", s).isGreaterThanOrEqualTo(0.9 * capacityFor(3));
        }
    }

    @Test
    void providersShareThePaceByTheirBaseRates() {
        Run run = new LoopSimulation(steady("3x, 2 providers 1:2", 3, 2, 1, 1)).run();

        assertThat(run.writtenByWeight[2] / run.writtenByWeight[1]).isCloseTo(2.0, withinPercentage(5));
    }

    @Test
    void slowAndLossyFeedbackStillConverges() {
        Scenario scenario = with(
                steady("3x, webhook 150-300 ms, 30 % lost", 3, 10, 1, 2), Map.of("webhookDelayMs", 150L, "loss", 0.3));
        Run run = new LoopSimulation(scenario).run();
        print(scenario, run);

        assertThat(run.writtenShare(WARM_UP_SEC, 60)).isGreaterThanOrEqualTo(0.95);
        assertThat(run.queueMax(START_UP_SEC, 60)).isLessThan(QUEUE);
        assertThat(run.delayQuantile(WARM_UP_SEC, 60, 0.99)).isLessThan(1.0);
    }

    @Test
    void anOlderStoreWithoutDrainRateGetsTheStepBehaviour() {
        Scenario scenario = with(steady("2x, store without drain_rate", 2, 5, 1, 1), "reportsDrainRate", false);
        Run run = new LoopSimulation(scenario).run();
        print(scenario, run);

        // Step pauses at hard and runs at half speed while soft: bounded, but far from the paced numbers (the
        // store's hysteresis keeps the level from flapping; the queue stands above the low watermark instead).
        assertThat(run.writtenShare(WARM_UP_SEC, 60)).isGreaterThan(0.5);
        assertThat(run.rejected(START_UP_SEC, 60)).isZero();
        assertThat(run.levelChanges(START_UP_SEC, 60)).isGreaterThanOrEqualTo(2);
        assertThat(run.delayQuantile(WARM_UP_SEC, 60, 0.99))
                .as("queueing delay p99 (s)")
                .isGreaterThan(1.0);
    }

    /** Per second of the run, then one markdown row for bench/results/feedback-loop.md. */
    static void print(Scenario scenario, Run run) {
        int end = run.written.length - 1;
        StringBuilder out = new StringBuilder(scenario.name()).append('\n');
        for (int s = 0; s < end; s++) {
            out.append(String.format(
                    "%3d cap %6.0f written %6.0f paced %7.0f queue %6.0f%n",
                    s,
                    run.capacity[s],
                    run.written[s],
                    run.paced[s],
                    run.queueSum[s] / Math.max(1, run.queueSamples[s])));
        }
        out.append(String.format(
                "| %s | %.1f %% | %.0f | %d | %.2f / %.2f s | %d (%d) | %d (%d) |%n",
                scenario.name(),
                100 * run.writtenShare(WARM_UP_SEC, end),
                run.queueMean(WARM_UP_SEC, end),
                run.queueMax(START_UP_SEC, end),
                run.delayQuantile(WARM_UP_SEC, end, 0.5),
                run.delayQuantile(WARM_UP_SEC, end, 0.99),
                run.levelChanges(START_UP_SEC, end),
                run.levelChanges(0, end),
                run.rejected(START_UP_SEC, end),
                run.rejected(0, end)));
        System.out.println(out);
    }
}

package io.marketflow.pipeline.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.pipeline.feedback.LoopSimulation.Run;
import io.marketflow.pipeline.feedback.LoopSimulation.Scenario;
import java.time.Duration;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

    static Scenario steady(String name, double overload, int providers, int replicas, int pipelines) {
        double capacity = capacityFor(replicas);
        return scenario(name, capacity, c -> capacity, overload, providers, replicas, pipelines, 0.1, 20, 0.05, 60);
    }

    static Scenario scenario(
            String name,
            double nominal,
            DoubleUnaryOperator capacity,
            double overload,
            int providers,
            int replicas,
            int pipelines,
            double noise,
            long webhookDelayMs,
            double loss,
            int seconds) {
        return new Scenario(
                name,
                nominal,
                capacity,
                overload,
                providers,
                replicas,
                pipelines,
                noise,
                webhookDelayMs,
                loss,
                true,
                QUEUE,
                Duration.ofSeconds(seconds),
                42);
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
    @MethodSource("steadyOverloads")
    void steadyOverloadWritesNearCapacityWithAShortQueueAndNoFlapping(Scenario scenario) {
        Run run = new LoopSimulation(scenario).run();
        int end = (int) scenario.length().toSeconds();
        print(scenario, run);

        assertThat(run.writtenShare(WARM_UP_SEC, end))
                .as("rows written / capacity")
                .isGreaterThanOrEqualTo(0.95);
        assertThat(run.queueMax(START_UP_SEC, end)).as("largest queue").isLessThan(QUEUE);
        assertThat(run.queueMean(WARM_UP_SEC, end)).as("mean queue").isLessThan(QUEUE / 2.0);
        assertThat(run.delayQuantile(WARM_UP_SEC, end, 0.99))
                .as("queueing delay p99 (s)")
                .isLessThan(1.0);
        assertThat(run.levelChanges(START_UP_SEC, end)).as("level changes").isLessThanOrEqualTo(2 * end / 60);
        assertThat(run.rejected(START_UP_SEC, end))
                .as("items refused (429/503)")
                .isZero();
    }

    static void print(Scenario scenario, Run run) {
        StringBuilder out = new StringBuilder(scenario.name()).append('\n');
        for (int s = 0; s < run.written.length - 1; s++) {
            out.append(String.format(
                    "%3d cap %6.0f written %6.0f paced %7.0f queue %6.0f%n",
                    s,
                    run.capacity[s],
                    run.written[s],
                    run.paced[s],
                    run.queueSum[s] / Math.max(1, run.queueSamples[s])));
        }
        out.append(String.format(
                "changes %d rejected %d max %d p99 %.2f%n",
                run.levelChanges(0, run.written.length),
                run.rejected(0, run.written.length),
                run.queueMax(0, run.written.length),
                run.delayQuantile(WARM_UP_SEC, run.written.length - 1, 0.99)));
        System.out.println(out);
    }
}

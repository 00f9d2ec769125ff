package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.BackpressureLevel;
import java.util.List;

/**
 * The feedback loop's state: the level and scale last applied to every provider, and each coordinator heard.
 *
 * @param level the worst live level at the last evaluation ({@code OK} before any feedback)
 * @param scale the budget scale applied to every provider
 * @param pacing what the {@code pace} policy decided; null under the other policies
 */
public record FeedbackSnapshot(
        boolean enabled,
        String policy,
        BackpressureLevel level,
        double scale,
        List<CoordinatorSnapshot> coordinators,
        Pacing pacing) {

    public FeedbackSnapshot {
        coordinators = List.copyOf(coordinators);
    }

    /** A snapshot of a policy that does not pace to a measured capacity. */
    public FeedbackSnapshot(
            boolean enabled,
            String policy,
            BackpressureLevel level,
            double scale,
            List<CoordinatorSnapshot> coordinators) {
        this(enabled, policy, level, scale, coordinators, null);
    }

    /**
     * @param pacedRate the total rate the providers are paced to, items per second
     * @param capacity the drain rate of the coordinator that sets the pace; null when none reported one
     * @param constrainedBy that coordinator, or null (no feedback yet, every coordinator expired)
     * @param targetDelaySeconds the queueing delay the loop steers the store to
     */
    public record Pacing(double pacedRate, Double capacity, String constrainedBy, double targetDelaySeconds) {}
}

package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.BackpressureLevel;
import java.util.List;

/**
 * The feedback loop's state: the level and scale last applied to every provider, and each coordinator heard.
 *
 * @param level the worst live level at the last evaluation ({@code OK} before any feedback)
 * @param scale the budget scale applied to every provider
 */
public record FeedbackSnapshot(
        boolean enabled, String policy, BackpressureLevel level, double scale, List<CoordinatorSnapshot> coordinators) {

    public FeedbackSnapshot {
        coordinators = List.copyOf(coordinators);
    }
}

package io.marketflow.pipeline.dashboard;

import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.ratelimit.ProviderSnapshot;
import java.util.List;

/** What the dashboard reads from the pipeline itself; every call returns fresh state and is cheap. */
interface PipelineView {

    /** Every registered provider's pacing. */
    List<ProviderSnapshot> providers();

    /** The feedback loop's state, with the last event applied per coordinator. */
    FeedbackSnapshot feedback();

    /** Bars of {@code provider} the store has accepted since the pipeline started. */
    long barsSent(String provider);

    /** Bars of {@code provider} the store refused for good, parked in the dead-letter files since start. */
    default long deadLettered(String provider) {
        return 0;
    }
}

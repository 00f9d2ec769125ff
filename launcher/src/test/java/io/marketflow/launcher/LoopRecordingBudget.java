package io.marketflow.launcher;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.pipeline.ratelimit.BudgetControl;
import java.util.Set;

/**
 * The budget a {@link io.marketflow.pipeline.feedback.FeedbackHandler} steers, reduced to recording when
 * the scale it sets changes: the end point of the in-process path (store bus -> handler -> budget).
 */
final class LoopRecordingBudget implements BudgetControl {

    private final String provider;
    private final LoopWatch.Recorder scale = new LoopWatch.Recorder(1.0);

    LoopRecordingBudget(String provider) {
        this.provider = provider;
    }

    @Override
    public Set<String> providers() {
        return Set.of(provider);
    }

    @Override
    public void setBudgetScale(String provider, double scale) {
        this.scale.set(scale);
    }

    @Override
    public void setGlobalPressure(String provider, BackpressureLevel level) {}

    LoopWatch.Recorder scale() {
        return scale;
    }
}

package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;

/** One fixed scale per level, applied at once: by default ok 1.0, soft 0.5, hard 0.0 (pause). */
public record StepPolicy(double okScale, double softScale, double hardScale) implements ScalePolicy {

    public static final StepPolicy DEFAULT = new StepPolicy(1.0, 0.5, 0.0);

    public StepPolicy {
        requireScale("okScale", okScale);
        requireScale("softScale", softScale);
        requireScale("hardScale", hardScale);
        if (!(okScale >= softScale && softScale >= hardScale)) {
            throw new IllegalArgumentException("scales must not rise with pressure: ok " + okScale + " >= soft "
                    + softScale + " >= hard " + hardScale);
        }
    }

    @Override
    public String name() {
        return "step";
    }

    @Override
    public double next(double current, BackpressureLevel level, Duration sinceLastChange) {
        return switch (level) {
            case OK -> okScale;
            case SOFT -> softScale;
            case HARD -> hardScale;
        };
    }

    static void requireScale(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within 0.0..1.0, was " + value);
        }
    }
}

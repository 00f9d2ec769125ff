package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.Objects;

/**
 * Additive increase, multiplicative decrease. While ok the scale climbs by {@code increase} up to 1.0; on
 * soft it is multiplied by {@code decreaseFactor} but kept at or above {@code minScale} (soft slows, never
 * stops); on hard it drops to 0.0 at once. Apart from that pause, no change is larger than {@code maxStep}
 * and changes are at least {@code minInterval} apart, which keeps the loop from oscillating on every event.
 */
public record AimdPolicy(double increase, double decreaseFactor, double minScale, double maxStep, Duration minInterval)
        implements ScalePolicy {

    public static final AimdPolicy DEFAULT = new AimdPolicy(0.1, 0.5, 0.05, 0.25, Duration.ofSeconds(2));

    public AimdPolicy {
        if (!(increase > 0 && increase <= 1)) {
            throw new IllegalArgumentException("increase must be within (0, 1], was " + increase);
        }
        if (!(decreaseFactor >= 0 && decreaseFactor < 1)) {
            throw new IllegalArgumentException("decreaseFactor must be within [0, 1), was " + decreaseFactor);
        }
        if (!(minScale > 0 && minScale <= 1)) {
            throw new IllegalArgumentException("minScale must be within (0, 1], was " + minScale);
        }
        if (!(maxStep > 0 && maxStep <= 1)) {
            throw new IllegalArgumentException("maxStep must be within (0, 1], was " + maxStep);
        }
        Objects.requireNonNull(minInterval, "minInterval");
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must be >= 0, was " + minInterval);
        }
    }

    @Override
    public String name() {
        return "aimd";
    }

    @Override
    public double next(double current, BackpressureLevel level, Duration sinceLastChange) {
        if (level == BackpressureLevel.HARD) {
            return 0.0;
        }
        if (sinceLastChange.compareTo(minInterval) < 0) {
            return current;
        }
        double target = level == BackpressureLevel.OK
                ? Math.min(1.0, current + increase)
                : Math.max(minScale, current * decreaseFactor);
        double step = Math.max(-maxStep, Math.min(maxStep, target - current));
        return clamp(current + step);
    }

    private static double clamp(double scale) {
        // Rounds away floating-point dust so that repeated increases land exactly on 1.0.
        double rounded = Math.round(scale * 1e9) / 1e9;
        return Math.max(0.0, Math.min(1.0, rounded));
    }
}

package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;

/**
 * Turns the store's pressure into a budget scale. Called on every feedback event and on every periodic
 * re-evaluation, so a policy may move step by step while a level persists. Implementations are pure.
 */
public interface ScalePolicy {

    /** The policy's name as configured ({@code pace}, {@code step}, {@code aimd}). */
    String name();

    /**
     * @param current the scale in force, 0.0..1.0
     * @param level the worst live level over all coordinators
     * @param sinceLastChange time since the scale last changed
     * @return the scale to set, 0.0..1.0
     */
    double next(double current, BackpressureLevel level, Duration sinceLastChange);
}

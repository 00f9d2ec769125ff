package io.marketflow.pipeline.ratelimit;

import io.marketflow.contracts.BackpressureLevel;
import java.util.Set;

/** What feedback may change about the providers' budgets; {@link RateCoordinator} is the implementation. */
public interface BudgetControl {

    /** The providers registered so far. */
    Set<String> providers();

    /**
     * Sets a provider's refill rate to {@code base x scale}; capacity and base stay as registered. A scale of
     * 0.0 pauses the provider: acquirers keep their place in line and resume when the scale rises.
     *
     * @throws IllegalArgumentException for an unknown provider or a scale outside 0.0..1.0
     */
    void setBudgetScale(String provider, double scale);

    /**
     * The provider's registered rate at scale 1.0, its weight when a total rate is split across providers.
     * Budgets that know no rates weigh every provider alike.
     */
    default double baseRate(String provider) {
        return 1.0;
    }

    /** Records the pressure the provider is under, for status and metrics; changes no rate by itself. */
    void setGlobalPressure(String provider, BackpressureLevel level);
}

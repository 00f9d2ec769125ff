package io.marketflow.pipeline.status;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.pipeline.feedback.FeedbackHandler;
import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.ratelimit.ProviderSnapshot;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import java.util.List;
import java.util.Optional;

/**
 * The pipeline's live rate and feedback state, for code that runs beside it (end-to-end tests, dashboards):
 * the same data as {@code GET /rates}. Every call reads a fresh, immutable snapshot.
 */
public final class PipelineStatus {

    private final RateCoordinator rates;
    private final FeedbackHandler feedback;
    private final FeedbackSettings settings;

    public PipelineStatus(RateCoordinator rates, FeedbackHandler feedback, FeedbackSettings settings) {
        this.rates = rates;
        this.feedback = feedback;
        this.settings = settings;
    }

    /**
     * What the snapshots do not carry: whether feedback is switched on ({@code MDP_FB_ENABLE_FEEDBACK}), and
     * after how long and to which level a silent coordinator's pressure falls back.
     */
    public record FeedbackSettings(boolean enabled, double staleAfterSeconds, BackpressureLevel staleFallback) {}

    /** Every registered provider: base rate, scale, effective rate, pressure, breaker, cooldown. */
    public List<ProviderSnapshot> providers() {
        return rates.snapshots();
    }

    public Optional<ProviderSnapshot> provider(String name) {
        return rates.providers().contains(name) ? Optional.of(rates.snapshot(name)) : Optional.empty();
    }

    /** The level and scale last applied, and each coordinator's level and age of last feedback. */
    public FeedbackSnapshot feedback() {
        FeedbackSnapshot snapshot = feedback.snapshot();
        return new FeedbackSnapshot(
                settings.enabled(),
                snapshot.policy(),
                snapshot.level(),
                snapshot.scale(),
                snapshot.coordinators(),
                snapshot.pacing());
    }

    FeedbackSettings settings() {
        return settings;
    }
}

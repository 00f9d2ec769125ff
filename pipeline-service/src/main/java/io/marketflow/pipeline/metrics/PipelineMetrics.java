package io.marketflow.pipeline.metrics;

import io.marketflow.pipeline.feedback.CoordinatorSnapshot;
import io.marketflow.pipeline.feedback.FeedbackHandler;
import io.marketflow.pipeline.feedback.FeedbackListener;
import io.marketflow.pipeline.feedback.FeedbackOutcome;
import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.ratelimit.ProviderSnapshot;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import io.marketflow.pipeline.router.DeadLetterFiles;
import io.marketflow.pipeline.router.DeliveryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Publishes the rate coordinator's and the feedback handler's state, and counts events and bars. */
public final class PipelineMetrics implements FeedbackListener, DeliveryListener {

    private final MeterRegistry registry;
    private final FeedbackHandler feedback;
    private final Map<String, Counter> sent = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final Map<String, Counter> throttled = new ConcurrentHashMap<>();
    private final Set<String> ageGauges = ConcurrentHashMap.newKeySet();

    public PipelineMetrics(MeterRegistry registry, RateCoordinator rates, FeedbackHandler feedback) {
        this.registry = registry;
        this.feedback = feedback;
        for (String provider : rates.providers()) {
            providerGauge(
                    rates,
                    provider,
                    MetricNames.RATE_SCALE,
                    "Budget scale set by store feedback (0 pauses, 1 is the base rate)",
                    ProviderSnapshot::scale);
            providerGauge(
                    rates,
                    provider,
                    MetricNames.EFFECTIVE_RATE,
                    "Tokens per second the provider is paced at now (base rate x scale)",
                    ProviderSnapshot::effectiveRate);
            providerGauge(
                    rates,
                    provider,
                    MetricNames.PRESSURE_LEVEL,
                    "Store pressure the provider runs under: 0 ok, 1 soft, 2 hard",
                    p -> p.pressure().ordinal());
            Gauge.builder(MetricNames.PACED_RATE, rates, r -> pacedRate(r, feedback, provider))
                    .description("Under the pace policy, the provider's share of the paced total rate (items/s)")
                    .tag(MetricNames.TAG_PROVIDER, provider)
                    .register(registry);
            sent(provider);
            deadLetters(provider);
        }
        Gauge.builder(MetricNames.PACED_TOTAL_RATE, feedback, f -> pacing(f, FeedbackSnapshot.Pacing::pacedRate))
                .description("Under the pace policy, the total rate the providers are paced to (items/s)")
                .register(registry);
        Gauge.builder(
                        MetricNames.PACE_TARGET_DELAY,
                        feedback,
                        f -> pacing(f, FeedbackSnapshot.Pacing::targetDelaySeconds))
                .description("The store queueing delay the pace policy steers to")
                .baseUnit("seconds")
                .register(registry);
    }

    private void providerGauge(
            RateCoordinator rates,
            String provider,
            String name,
            String description,
            ToDoubleFunction<ProviderSnapshot> value) {
        Gauge.builder(name, rates, r -> value.applyAsDouble(r.snapshot(provider)))
                .description(description)
                .tag(MetricNames.TAG_PROVIDER, provider)
                .register(registry);
    }

    /** {@code pipeline_dlq_items}: what the dead-letter files hold now (counted in memory, no directory listing). */
    public void watch(DeadLetterFiles files) {
        Gauge.builder(MetricNames.DLQ_ITEMS, files, f -> f.summary().items())
                .description("Refused bars in the pipeline's dead-letter files, waiting for a replay")
                .register(registry);
    }

    @Override
    public void onEvent(String coordinatorTag, String levelTag, FeedbackOutcome outcome) {
        Counter.builder(MetricNames.FEEDBACK_EVENTS)
                .description("Feedback events received, by coordinator, level and what became of them")
                .tag(MetricNames.TAG_COORDINATOR, coordinatorTag)
                .tag(MetricNames.TAG_LEVEL, levelTag)
                .tag(MetricNames.TAG_OUTCOME, outcome.tag())
                .register(registry)
                .increment();
        if (outcome == FeedbackOutcome.APPLIED && ageGauges.add(coordinatorTag)) {
            coordinatorGauge(
                    MetricNames.FEEDBACK_AGE,
                    "Time since the coordinator's last applied feedback event",
                    "seconds",
                    coordinatorTag,
                    PipelineMetrics::ageSeconds);
            coordinatorGauge(
                    MetricNames.STORE_CAPACITY,
                    "Items per second the coordinator said it can write (its drain rate)",
                    null,
                    coordinatorTag,
                    CoordinatorSnapshot::drainRate);
            coordinatorGauge(
                    MetricNames.STORE_QUEUE_DELAY,
                    "Age of the oldest item queued in the coordinator, as it last reported",
                    "seconds",
                    coordinatorTag,
                    c -> c.queueDelayMs() == null ? null : c.queueDelayMs() / 1000.0);
        }
    }

    /** A gauge of one coordinator's last report; NaN once it is no longer tracked (replaced after expiring). */
    private void coordinatorGauge(
            String name,
            String description,
            String baseUnit,
            String coordinatorId,
            Function<CoordinatorSnapshot, Number> value) {
        Gauge.builder(name, feedback, f -> coordinator(f, coordinatorId, value))
                .description(description)
                .baseUnit(baseUnit)
                .tag(MetricNames.TAG_COORDINATOR, coordinatorId)
                .register(registry);
    }

    @Override
    public void accepted(String provider, int bars) {
        sent(provider).increment(bars);
    }

    @Override
    public void rejected(String provider, int bars) {
        counter(rejected, provider, MetricNames.BARS_REJECTED, "Bars the store refused for good (4xx)")
                .increment(bars);
    }

    @Override
    public void deadLettered(String provider, int bars) {
        deadLetters(provider).increment(bars);
    }

    @Override
    public void throttled(String provider, int status) {
        // status is 429 or 503 (SendResult.Throttled), a bounded tag.
        throttled
                .computeIfAbsent(
                        provider + ' ' + status,
                        key -> Counter.builder(MetricNames.STORE_THROTTLED)
                                .description("Batches the store answered with 429 or 503 (queue full), re-sent later")
                                .tag(MetricNames.TAG_PROVIDER, provider)
                                .tag(MetricNames.TAG_STATUS, Integer.toString(status))
                                .register(registry))
                .increment();
    }

    /** Bars of {@code provider} the store accepted since the pipeline started. */
    public long sentCount(String provider) {
        return count(sent, provider);
    }

    /** Bars of {@code provider} parked in the dead-letter files since the pipeline started. */
    public long deadLetteredCount(String provider) {
        return count(deadLettered, provider);
    }

    private static long count(Map<String, Counter> counters, String provider) {
        Counter counter = counters.get(provider);
        return counter == null ? 0 : (long) counter.count();
    }

    private Counter deadLetters(String provider) {
        return counter(
                deadLettered,
                provider,
                MetricNames.DEAD_LETTERS,
                "Bars the store refused for good, parked in the pipeline's dead-letter files");
    }

    private Counter sent(String provider) {
        return counter(sent, provider, MetricNames.BARS_SENT, "Bars the store accepted (2xx)");
    }

    /** The per-provider counter {@code name} of {@code provider}, registered on first use. */
    private Counter counter(Map<String, Counter> counters, String provider, String name, String description) {
        return counters.computeIfAbsent(
                provider,
                p -> Counter.builder(name)
                        .description(description)
                        .tag(MetricNames.TAG_PROVIDER, p)
                        .register(registry));
    }

    private static double pacedRate(RateCoordinator rates, FeedbackHandler feedback, String provider) {
        return feedback.snapshot().pacing() == null
                ? Double.NaN
                : rates.snapshot(provider).effectiveRate();
    }

    private static double pacing(FeedbackHandler feedback, ToDoubleFunction<FeedbackSnapshot.Pacing> value) {
        FeedbackSnapshot.Pacing pacing = feedback.snapshot().pacing();
        return pacing == null ? Double.NaN : value.applyAsDouble(pacing);
    }

    /** NaN when the coordinator did not report the value, or is no longer tracked. */
    private static double coordinator(
            FeedbackHandler feedback, String coordinatorId, Function<CoordinatorSnapshot, Number> value) {
        return feedback.snapshot().coordinators().stream()
                .filter(c -> c.coordinatorId().equals(coordinatorId))
                .map(value)
                .filter(Objects::nonNull)
                .mapToDouble(Number::doubleValue)
                .findFirst()
                .orElse(Double.NaN);
    }

    static double ageSeconds(CoordinatorSnapshot coordinator) {
        return coordinator.age().toNanos() / 1e9;
    }
}

package io.marketflow.store.system;

import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetricsPublisher;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;

/**
 * Resilience4j's own meters for each coordinator's circuit breaker and retry (resilience4j-micrometer), tagged
 * {@code name=<coordinator id>}: {@code resilience4j_circuitbreaker_state{state}},
 * {@code resilience4j_circuitbreaker_calls_seconds{kind}}, {@code resilience4j_circuitbreaker_not_permitted_calls_total},
 * {@code resilience4j_circuitbreaker_failure_rate}, {@code resilience4j_circuitbreaker_buffered_calls} and
 * {@code resilience4j_retry_calls_total{kind}}. The coordinators' breakers and retries are not in a
 * Resilience4j registry, so each is published on its own; Spring Boot binds this {@link MeterBinder} at start-up.
 */
final class ResilienceMetrics implements MeterBinder {

    private final List<WriteCoordinator<?>> coordinators;

    ResilienceMetrics(List<WriteCoordinator<?>> coordinators) {
        this.coordinators = List.copyOf(coordinators);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        TaggedCircuitBreakerMetricsPublisher breakers = new TaggedCircuitBreakerMetricsPublisher(registry);
        TaggedRetryMetricsPublisher retries = new TaggedRetryMetricsPublisher(registry);
        for (WriteCoordinator<?> coordinator : coordinators) {
            breakers.publishMetrics(coordinator.circuitBreaker());
            retries.publishMetrics(coordinator.retry());
        }
    }
}

package io.marketflow.store.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.store.coordinator.BatchSink;
import io.marketflow.store.coordinator.CoordinatorConfig;
import io.marketflow.store.coordinator.CoordinatorListener;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilienceMetricsTests {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final WriteCoordinator<String> coordinator = new WriteCoordinator<>(
            CoordinatorConfig.builder("bars-coord", 100).workers(1).build(),
            new BatchSink<>() {
                @Override
                public void write(List<String> batch) {}

                @Override
                public String name() {
                    return "strings";
                }
            },
            error -> true,
            (items, reason, attempts) -> {},
            CoordinatorListener.NONE);

    @AfterEach
    void shutDown() {
        coordinator.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void exportsTheBreakerAndRetryMetersOfEachCoordinatorTaggedByItsId() throws Exception {
        new ResilienceMetrics(List.of(coordinator)).bindTo(registry);
        coordinator.start();
        coordinator.submit("a", true).committed().get();

        assertThat(registry.scrape())
                .contains(
                        "resilience4j_circuitbreaker_state{name=\"bars-coord\",state=\"closed\"} 1",
                        "resilience4j_circuitbreaker_state{name=\"bars-coord\",state=\"open\"} 0",
                        "resilience4j_circuitbreaker_calls_seconds_count{kind=\"successful\",name=\"bars-coord\"} 1",
                        "resilience4j_circuitbreaker_not_permitted_calls_total{kind=\"not_permitted\",name=\"bars-coord\"}",
                        "resilience4j_circuitbreaker_failure_rate{name=\"bars-coord\"}",
                        "resilience4j_circuitbreaker_buffered_calls{kind=\"successful\",name=\"bars-coord\"} 1",
                        "resilience4j_retry_calls_total{kind=\"successful_without_retry\",name=\"bars-coord\"} 1");
    }
}

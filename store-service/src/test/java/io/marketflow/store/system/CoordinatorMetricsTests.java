package io.marketflow.store.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.store.coordinator.CircuitState;
import io.marketflow.store.coordinator.CoordinatorHealth;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a scrape shows of the metrics that the dashboard and the KEDA trigger read, by their Prometheus names. */
class CoordinatorMetricsTests {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CoordinatorMetrics metrics = new CoordinatorMetrics(
            registry,
            "bars-coord",
            "bars",
            new CoordinatorHealth("bars-coord", 4, 4, 0, 10_000, BackpressureLevel.OK, CircuitState.CLOSED));

    @Test
    void exportsTheDrainRateAndQueueDelayPerCoordinator() {
        assertThat(scrape()).contains("mds_coord_drain_rate{coordinator_id=\"bars-coord\"} NaN");

        metrics.sampleMeasurements(4_250.5, Duration.ofMillis(1_430));

        assertThat(scrape())
                .contains("mds_coord_drain_rate{coordinator_id=\"bars-coord\"} 4250.5")
                .contains("mds_coord_queue_delay_seconds{coordinator_id=\"bars-coord\"} 1.43")
                .doesNotContain("queue_delay_seconds_seconds");
    }

    @Test
    void countsRowsWrittenToDrawAgainstTheCapacity() {
        metrics.onBatchWritten(500, 1_000_000);
        metrics.onBatchWritten(120, 1_000_000);

        assertThat(scrape()).contains("mds_coord_items_written_total{coordinator_id=\"bars-coord\"} 620.0");
    }

    @Test
    void theJvmExportsTheCpuSeriesTheAutoscalerReads() {
        new ProcessorMetrics().bindTo(registry);

        assertThat(scrape()).contains("process_cpu_time_ns_total").contains("system_cpu_count");
    }

    private String scrape() {
        return registry.scrape();
    }
}

package io.marketflow.store;

import static io.marketflow.testkit.WebAnswers.getText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.store.feedback.FeedbackBus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** The store boots on a real PostgreSQL, migrates the schema, and exposes only health, info and prometheus. */
class StoreApplicationIntegrationTests extends EmbeddedStoreTest {

    @Autowired
    FeedbackBus feedbackBus;

    @Test
    void migrationsCreateTheFourTables() {
        List<String> tables = DatabaseClient.create(connectionFactory)
                .sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")
                .map(row -> row.get(0, String.class))
                .all()
                .collectList()
                .block();
        assertThat(tables).contains("bars", "option_snapshots", "fundamentals", "news");
    }

    @Test
    void healthShowsEveryCoordinator() {
        http.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.coordinator.details['bars-coord'].workers_alive")
                .isEqualTo(4)
                .jsonPath("$.components.coordinator.details['bars-coord'].capacity")
                .isEqualTo(10000)
                .jsonPath("$.components.coordinator.details['bars-coord'].level")
                .isEqualTo("ok")
                .jsonPath("$.components.coordinator.details['bars-coord'].circuit_state")
                .isEqualTo("closed")
                .jsonPath("$.components.coordinator.details['news-coord'].queue_size")
                .isEqualTo(0)
                .jsonPath("$.components.coordinator.details['news-coord'].queue_delay_ms")
                .isEqualTo(0);
    }

    @Test
    void healthShowsTheWriteCapacityMeasuredOnCommittedBars() {
        postJson("/ingest/bars?ack=committed", TestBars.jsonArray("CAPA", 0, 200))
                .expectStatus()
                .isOk();

        // The commit is acknowledged just before the worker hands its batch back, which folds the measurement in.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> http.get()
                        .uri("/actuator/health")
                        .exchange()
                        .expectBody()
                        .jsonPath("$.components.coordinator.details['bars-coord'].drain_rate")
                        .value(
                                Number.class,
                                rate -> assertThat(rate.doubleValue()).isPositive()));
    }

    @Test
    void feedbackEventsCarryTheMeasuredDrainRateAndQueueDelay() {
        List<FeedbackEvent> events = new CopyOnWriteArrayList<>();
        try (FeedbackBus.Subscription subscription = feedbackBus.subscribe("test", events::add)) {
            postJson("/ingest/bars?ack=committed", TestBars.jsonArray("FEED", 0, 200))
                    .expectStatus()
                    .isOk();

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> events.stream()
                            .anyMatch(e -> e.coordinatorId().equals("bars-coord")
                                    && e.drainRate() != null
                                    && e.drainRate() > 0
                                    && e.queueDelayMs() != null));
            assertThat(events)
                    .filteredOn(e -> e.coordinatorId().equals("news-coord"))
                    .allSatisfy(e -> assertThat(e.queueDelayMs()).isZero());
        }
    }

    @Test
    void prometheusExportsTheContractMetrics() {
        assertThat(getText(http, "/actuator/prometheus"))
                .contains(
                        "coordinator_queue_depth{",
                        "coordinator_backpressure_ok{",
                        "coordinator_backpressure_soft{",
                        "coordinator_backpressure_hard{",
                        "mds_coord_queue_depth{",
                        "mds_coord_workers_alive{",
                        "mds_coord_workers_configured{",
                        "mds_coord_circuit_state{",
                        "mds_coord_items_submitted_total{",
                        "mds_coord_items_dropped_total{",
                        "mds_worker_batches_written_total{",
                        "mds_worker_write_errors_total{",
                        "mds_worker_write_latency_seconds_bucket{",
                        "sink_writes_total{",
                        "sink_write_latency_seconds_bucket{",
                        "mds_dlq_items_total{",
                        "mds_coord_drain_rate{",
                        "mds_coord_items_written_total{",
                        "mds_coord_queue_delay_seconds{",
                        "resilience4j_circuitbreaker_state{",
                        "name=\"bars-coord\",state=\"closed\"} 1.0",
                        "resilience4j_retry_calls_total{",
                        "process_cpu_time_ns_total",
                        "system_cpu_count",
                        "coordinator_id=\"bars-coord\"");
    }

    @Test
    void actuatorExposesOnlyHealthInfoAndPrometheus() {
        http.get().uri("/actuator/info").exchange().expectStatus().isOk();
        for (String hidden : List.of("env", "beans", "configprops", "metrics", "heapdump", "threaddump", "loggers")) {
            http.get().uri("/actuator/" + hidden).exchange().expectStatus().isNotFound();
        }
    }
}

package io.marketflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricNamesUsedTests {

    @Test
    void findsTheMetricInsideFunctionsAndAggregations() {
        assertThat(
                        MetricNamesUsed.inExpression(
                                "histogram_quantile(0.95, sum by (le, coordinator_id) (rate(mds_worker_write_latency_seconds_bucket[5m])))"))
                .containsExactly("mds_worker_write_latency_seconds_bucket");
    }

    @Test
    void ignoresLabelNamesValuesAndGroupingClauses() {
        assertThat(
                        MetricNamesUsed.inExpression(
                                "sum(rate(sink_writes_total{sink=\"bars\", status!~\"ok|retry\"}[1m])) by (sink) / on (sink) group_left(le) sum without (instance) (other_metric)"))
                .containsExactlyInAnyOrder("sink_writes_total", "other_metric");
    }

    @Test
    void ignoresGrafanaVariablesKeywordsAndNumbers() {
        assertThat(MetricNamesUsed.inExpression(
                        "(max(avg_over_time(coordinator_backpressure_hard{coordinator_id=~\"$coordinator\"}[$__rate_interval])) >= bool 0.5)"
                                + " * (count(count by (pod) (up offset 5m)) + 1e3) and ${other} unless nan"))
                .containsExactlyInAnyOrder("coordinator_backpressure_hard", "up");
    }

    @Test
    void readsMultiLineRuleExpressions() {
        assertThat(MetricNamesUsed.inExpression(
                        "sum(rate(a_total[5m]))\n  /\n(\n  sum(rate(b_total[5m])) # a comment naming c_total\n)"))
                .containsExactlyInAnyOrder("a_total", "b_total");
    }

    @Test
    void deployQueriesUseOnlyMetricsTheServicesExport() {
        assertThat(MetricNamesUsed.inThisRepository()).isNotEmpty().isSubsetOf(ContractMetrics.scrapeNames());
    }

    @Test
    void coversTheBackpressureLoopFromDashboardRulesAndKeda() {
        assertThat(MetricNamesUsed.inThisRepository())
                .contains(
                        "coordinator_queue_depth",
                        "coordinator_backpressure_hard",
                        "mds_coord_circuit_state",
                        "mds_dlq_items_total",
                        "pipeline_rate_scale",
                        "pipeline_effective_rate",
                        "pipeline_feedback_age_seconds",
                        "mds_worker_write_latency_seconds_bucket");
    }
}

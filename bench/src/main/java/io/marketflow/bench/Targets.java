package io.marketflow.bench;

import java.util.Map;
import java.util.Optional;

/**
 * The targets, checked against one run and written into its report. Informational only: a benchmark on a
 * shared machine never fails a build.
 */
final class Targets {

    private Targets() {}

    static void check(Report report, Map<String, Measurement> m, double rateFraction, int barsPerRequest) {
        Measurement b = m.get("b");
        if (b != null) {
            ratio(report, m.get("http"), b, 0.85, "HTTP ingest (JSON), committed");
            ratio(report, m.get("ndjson"), b, 0.85, "HTTP ingest (NDJSON), committed");
            ratio(report, m.get("json-queued"), b, 0.85, "HTTP ingest (JSON), queued");
            ratio(report, m.get("ndjson-queued"), b, 0.85, "HTTP ingest (NDJSON), queued");
            ratio(report, m.get("d"), b, 0.90, "Sink alone (d)");
        }
        storeCpu(report, m.get("http"), 4.0, "Store CPU per bar, JSON arrays, flat out");
        storeCpu(report, m.get("ndjson"), 3.0, "Store CPU per bar, NDJSON, flat out");
        Optional.ofNullable(m.get("rate"))
                .filter(r -> r.latencies() != null)
                .ifPresent(r -> report.target(String.format(
                        "ack=committed p99 at %.0f%% of the maximum rate, %,d-bar requests: %.1f ms (target < 50 ms): %s",
                        100 * rateFraction,
                        barsPerRequest,
                        r.latencies().p99(),
                        r.latencies().p99() < 50 ? "met" : "missed")));
        double peak = m.values().stream()
                .filter(x -> x != null && x.resources().storePeakRssMb() > 0)
                .mapToDouble(x -> x.resources().storePeakRssMb())
                .max()
                .orElse(-1);
        if (peak > 0) {
            report.target(String.format(
                    "Store resident memory at full load, default queue: %.0f MB peak (target < 300 MB): %s",
                    peak, peak < 300 ? "met" : "missed"));
        }
    }

    private static void storeCpu(Report report, Measurement m, double targetMicros, String what) {
        if (m != null && m.resources().storeCpu() >= 0) {
            double micros = m.microsPerRow(m.resources().storeCpu());
            report.target(String.format(
                    "%s: %.1f µs (target ≤ %.0f µs): %s",
                    what, micros, targetMicros, micros <= targetMicros ? "met" : "missed"));
        }
    }

    private static void ratio(Report report, Measurement m, Measurement b, double target, String what) {
        if (m != null) {
            double ratio = m.rowsPerSecond() / b.rowsPerSecond();
            report.target(String.format(
                    "%s: %.2f × (b) (target ≥ %.2f): %s", what, ratio, target, ratio >= target ? "met" : "missed"));
        }
    }
}

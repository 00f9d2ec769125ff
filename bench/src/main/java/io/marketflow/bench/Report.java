package io.marketflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The results as markdown: one table per section, ratios to that section's (b), then machine and profile. */
final class Report {

    /** Rows measured under the same conditions; {@code reference} is the (b) they are compared with. */
    record Section(String title, String note, List<Measurement> rows, Measurement reference) {}

    private final String title;
    private final List<Section> sections = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final List<String> setup = new ArrayList<>();
    private String profile = "";
    private String storeThreads = "";
    private String postgresWaits = "";

    Report(String title) {
        this.title = title;
    }

    void add(Section section) {
        sections.add(section);
    }

    void target(String line) {
        targets.add(line);
    }

    void setup(String line) {
        setup.add(line);
    }

    void profile(String markdown) {
        profile = markdown;
    }

    void storeThreads(String markdown) {
        storeThreads = markdown;
    }

    void postgresWaits(String markdown) {
        postgresWaits = markdown;
    }

    String tables() {
        StringBuilder out = new StringBuilder();
        for (Section section : sections) {
            out.append("### ").append(section.title()).append("\n\n");
            if (!section.note().isEmpty()) {
                out.append(section.note()).append("\n\n");
            }
            out.append("| method | setup | bars/s | vs (b) | p50 ms | p95 ms | p99 ms | max ms | store peak RSS MB"
                    + " | CPU µs/bar: store | PostgreSQL | client | machine busy, cores | WAL B/bar |\n");
            out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Measurement m : section.rows()) {
                Latencies l = m.latencies();
                ResourceUse r = m.resources();
                out.append(String.format(
                        "| %s | %s | %,.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f |%n",
                        m.method(),
                        m.setup(),
                        m.rowsPerSecond(),
                        section.reference() == null
                                ? "—"
                                : String.format(
                                        "%.2f",
                                        m.rowsPerSecond() / section.reference().rowsPerSecond()),
                        millis(l == null ? Double.NaN : l.p50()),
                        millis(l == null ? Double.NaN : l.p95()),
                        millis(l == null ? Double.NaN : l.p99()),
                        millis(l == null ? Double.NaN : l.max()),
                        r.storePeakRssMb() < 0 ? "—" : String.format("%.0f", r.storePeakRssMb()),
                        micros(m.microsPerRow(r.storeCpu())),
                        micros(m.microsPerRow(r.postgresCpu())),
                        micros(m.microsPerRow(r.clientCpu())),
                        r.machineCpu() < 0 ? "—" : String.format("%.2f", r.machineCpu()),
                        m.walBytesPerRow()));
            }
            out.append('\n');
        }
        return out.toString();
    }

    String markdown(MachineInfo machine, String postgres, Map<String, String> settings) {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        out.append(tables());
        if (!targets.isEmpty()) {
            out.append("### Targets (informational: benchmarks do not fail a build)\n\n");
            targets.forEach(t -> out.append("- ").append(t).append('\n'));
            out.append('\n');
        }
        if (!storeThreads.isEmpty()) {
            out.append(
                    "### The store's CPU by thread pool (JSON runs, ack=committed and ack=queued, from /proc/<pid>/task)\n\n");
            out.append(storeThreads);
        }
        if (!postgresWaits.isEmpty()) {
            out.append("### PostgreSQL's backends by wait event (JSON runs, pg_stat_activity every 200 ms)\n\n");
            out.append(postgresWaits);
        }
        out.append("### How it ran\n\n");
        setup.forEach(s -> out.append("- ").append(s).append('\n'));
        out.append("\n### Machine\n\n");
        out.append(String.format(
                "- %d cores, %,d MB memory, %s; Linux %s; %s%n",
                machine.cores(), machine.memoryMb(), machine.cpuModel(), machine.kernel(), machine.java()));
        out.append("- load average at start: ").append(machine.loadAverage()).append('\n');
        out.append("- PostgreSQL ").append(postgres).append('\n');
        out.append("- settings: ");
        settings.forEach(
                (k, v) -> out.append('`').append(k).append('=').append(v).append("` "));
        out.append("\n\n");
        if (!profile.isEmpty()) {
            out.append("### Where the store spends its time (JFR, main HTTP run)\n\n")
                    .append(profile);
        }
        return out.toString();
    }

    private static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "—";
        }
        return ms < 10 ? String.format("%.1f", ms) : String.format("%.0f", ms);
    }

    /** CPU time per bar in microseconds, or a dash where it was not measured. */
    private static String micros(double micros) {
        return micros < 0 ? "—" : String.format("%.1f", micros);
    }
}

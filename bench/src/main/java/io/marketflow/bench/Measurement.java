package io.marketflow.bench;

/**
 * One method's result: {@code rows} new rows counted in the database after {@code seconds} of wall time.
 *
 * @param method short label, e.g. {@code (b) \copy + upsert}
 * @param setup how it ran: connections, batch size, format
 * @param latencies per request (HTTP) or per batch (JDBC, sink); null where there is nothing finer than the run
 * @param walBytes write-ahead log PostgreSQL wrote while the run lasted (everyone's, but the run is alone)
 */
record Measurement(
        String method,
        String setup,
        long rows,
        double seconds,
        Latencies latencies,
        ResourceUse resources,
        long walBytes) {

    Measurement {
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds must be positive: " + seconds);
        }
    }

    double rowsPerSecond() {
        return rows / seconds;
    }

    /** WAL bytes per row. */
    double walBytesPerRow() {
        return (double) walBytes / rows;
    }

    /** CPU time per row in microseconds, from average cores busy over this run; negative when not measured. */
    double microsPerRow(double cores) {
        return cores < 0 ? -1 : cores * seconds / rows * 1e6;
    }
}

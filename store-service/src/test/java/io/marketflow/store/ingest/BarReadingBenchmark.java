package io.marketflow.store.ingest;

import io.marketflow.contracts.Bar;
import io.marketflow.store.ingest.IngestBodyReader.Format;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * One thread, warm: CPU time per bar of reading a 1000-bar body (framing, binding, checking) in each format, in the
 * shape the bench's load generator sends. Not run by surefire or failsafe; run with {@code bench/ingest/run.sh}.
 */
public final class BarReadingBenchmark {

    private static final int BARS = 1000;
    private static final int CHUNK = 16 * 1024;
    // CPU time of this thread, not wall time: the machine is shared, and other processes' work must not count.
    private static final java.lang.management.ThreadMXBean THREAD =
            java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        JsonMapper mapper = IngestJson.mapper();
        IngestLimits limits = new IngestLimits(1 << 25, 100_000, 100_000);
        ItemBinder<Bar> binder = new ItemBinder<>(
                Bar.class,
                mapper.reader(),
                jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator());
        for (Format format : List.of(Format.JSON_ARRAY, Format.NDJSON))
            for (boolean fromBytes : List.of(false, true)) {
                byte[] body = body(format == Format.NDJSON);
                for (int pass = 0; pass < 3; pass++) {
                    long start = THREAD.getCurrentThreadCpuTime();
                    long read = 0;
                    for (int r = 0; r < rounds; r++) {
                        IngestBodyReader<Bar> reader =
                                new IngestBodyReader<>(mapper, binder, format, limits, fromBytes);
                        for (int offset = 0; offset < body.length; offset += CHUNK) {
                            reader.feed(body, offset, Math.min(CHUNK, body.length - offset));
                        }
                        read += reader.finish().size();
                    }
                    double micros = (THREAD.getCurrentThreadCpuTime() - start) / 1e3 / read;
                    System.out.printf(
                            "%-10s %-13s pass %d: %.3f µs per bar%n",
                            format, fromBytes ? "from bytes" : "through Jackson", pass, micros);
                }
            }
    }

    /** As bench's BarRows writes them: 500 symbols, one bar per symbol and minute, prices in cents. */
    static byte[] body(boolean ndjson) {
        StringBuilder out = new StringBuilder(ndjson ? "" : "[");
        Instant start = Instant.parse("2025-10-15T14:30:00Z");
        for (int i = 0; i < BARS; i++) {
            if (i > 0 && !ndjson) {
                out.append(',');
            }
            double low = 100 + (i % 97) * 0.25;
            out.append("{\"symbol\":\"S")
                    .append(String.format("%04d", i % 500))
                    .append("\",\"timeframe\":\"1m\",\"ts\":\"")
                    .append(start.plusSeconds(60L * (i / 500)))
                    .append("\",\"open\":")
                    .append(low + 0.5)
                    .append(",\"high\":")
                    .append(low + 1.25)
                    .append(",\"low\":")
                    .append(low)
                    .append(",\"close\":")
                    .append(low + 0.75)
                    .append(",\"volume\":")
                    .append(1000 + i)
                    .append('}');
            if (ndjson) {
                out.append('\n');
            }
        }
        return out.append(ndjson ? "" : "]").toString().getBytes(StandardCharsets.UTF_8);
    }
}

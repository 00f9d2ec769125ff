package io.marketflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator: posts rows {@code [0, rows)} to {@code POST /ingest?ack=…} over {@code connections}
 * keep-alive connections, {@code barsPerRequest} bars a request, as a JSON array or NDJSON, flat out (each
 * connection sends its next request when the previous one is answered) or at a fixed rate.
 *
 * <p>At a fixed rate request {@code i} is due at {@code start + i × interval}, and its latency counts from then,
 * not from when a busy connection got round to sending it, so a stall shows in the percentiles instead of
 * silently slowing the sender. A 429 or 503 is retried after its {@code Retry-After}; the wait counts as latency.
 */
final class HttpLoad {

    record Settings(URI ingest, int connections, int barsPerRequest, boolean ndjson, String ack, double barsPerSecond) {

        Settings {
            if (connections < 1 || barsPerRequest < 1) {
                throw new IllegalArgumentException("connections and barsPerRequest must be >= 1");
            }
        }

        String describe() {
            return connections + " conn × " + barsPerRequest + " bars, " + (ndjson ? "NDJSON" : "JSON array")
                    + (barsPerSecond > 0 ? String.format(", fixed %.0f bars/s", barsPerSecond) : ", flat out");
        }
    }

    private final Settings settings;
    private final HttpClient client;
    private final List<byte[]> bodies;

    /** Encodes every request body now, before any clock starts: the client's JSON is not what is measured. */
    HttpLoad(Settings settings, BarRows rows) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        int requests = (int) ((rows.count() + settings.barsPerRequest() - 1) / settings.barsPerRequest());
        this.bodies = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            long from = (long) i * settings.barsPerRequest();
            bodies.add(rows.body(from, Math.min(rows.count(), from + settings.barsPerRequest()), settings.ndjson()));
        }
    }

    /** Sends every request and returns their latencies, in nanoseconds, in request order. */
    long[] run() throws Exception {
        int requests = bodies.size();
        URI uri = URI.create(settings.ingest() + "?ack=" + settings.ack());
        String contentType = settings.ndjson() ? "application/x-ndjson" : "application/json";
        long intervalNanos =
                settings.barsPerSecond() > 0 ? (long) (1e9 * settings.barsPerRequest() / settings.barsPerSecond()) : 0;
        long[] latencies = new long[requests];
        AtomicLong next = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(settings.connections());
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < settings.connections(); c++) {
                done.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        long due = start + i * intervalNanos;
                        long now;
                        while ((now = System.nanoTime()) < due) {
                            LockSupport.parkNanos(due - now);
                        }
                        long from = intervalNanos > 0 ? due : now;
                        HttpRequest request = HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(120))
                                .header("Content-Type", contentType)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get((int) i)))
                                .build();
                        retries.addAndGet(send(request));
                        latencies[(int) i] = System.nanoTime() - from;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    /** Sends until the store takes the request; returns how many times it was told to come back later. */
    private int send(HttpRequest request) throws IOException, InterruptedException {
        for (int refused = 0; ; refused++) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 200 || status == 202) {
                return refused;
            }
            if (status != 429 && status != 503) {
                String body = response.body();
                throw new IOException("store answered " + status + ": "
                        + (body.length() > 500 ? body.substring(0, 500) + "…" : body));
            }
            double seconds = response.headers()
                    .firstValue("Retry-After")
                    .map(HttpLoad::seconds)
                    .orElse(1.0);
            Thread.sleep(Math.max(10, (long) (seconds * 1000)));
        }
    }

    private static double seconds(String retryAfter) {
        try {
            return Double.parseDouble(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }
}

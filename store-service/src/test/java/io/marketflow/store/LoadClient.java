package io.marketflow.store;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts batches of unique bars in a loop from a few threads, and remembers exactly which bars the store
 * acknowledged (2xx), so a test can check that every one of them ends up somewhere durable.
 */
public final class LoadClient implements AutoCloseable {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String url;
    private final String symbol;
    private final int batch;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger nextOffset = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Set<Integer> acceptedOffsets = ConcurrentHashMap.newKeySet();
    private final Thread[] threads;

    public LoadClient(String storeUrl, String ack, String symbol, int batch, int threads) {
        this.url = storeUrl + "/ingest?ack=" + ack;
        this.symbol = symbol;
        this.batch = batch;
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            this.threads[i] = new Thread(this::run, "load-" + i);
            this.threads[i].start();
        }
    }

    private void run() {
        while (running.get()) {
            int offset = nextOffset.getAndAdd(batch);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TestBars.jsonArray(symbol, offset, batch)))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                Matcher matcher = ACCEPTED.matcher(response.body());
                if (response.statusCode() / 100 == 2 && matcher.find()) {
                    accepted.addAndGet(Long.parseLong(matcher.group(1)));
                    for (int i = 0; i < batch; i++) {
                        acceptedOffsets.add(offset + i);
                    }
                } else {
                    rejected.addAndGet(batch);
                    java.util.concurrent.locks.LockSupport.parkNanos(
                            Duration.ofMillis(50).toNanos()); // back off as Retry-After asks
                }
            } catch (java.io.IOException e) {
                rejected.addAndGet(batch); // refused or reset: the store never said yes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public long accepted() {
        return accepted.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** Minute offsets (from {@link TestBars#START}) of every bar the store acknowledged. */
    public Set<Integer> acceptedOffsets() {
        return Set.copyOf(acceptedOffsets);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(90).toMillis());
        }
    }
}

package io.marketflow.store.reliability;

import io.marketflow.store.TestBars;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts batches of unique 1m bars from a few threads until stopped, and remembers what became of each bar as the
 * store reported it: acknowledged (any 2xx), confirmed written ({@code ack=committed} with {@code written} equal
 * to {@code accepted}), refused (a status that is not 2xx), or unknown (no answer: the connection failed, so the
 * store may or may not have taken it). Works for both {@code ack=queued} and {@code ack=committed}.
 */
final class BarLoad implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private final String symbol;
    private final int batch;
    private final long pauseNanos;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger nextOffset = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retryAfterAnswers = new AtomicLong();
    private final AtomicLong deadLetteredInAnswers = new AtomicLong();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<Integer> confirmedWritten = ConcurrentHashMap.newKeySet();
    private final Set<Integer> unknown = ConcurrentHashMap.newKeySet();
    private final Thread[] threads;

    /**
     * Starts {@code threads} threads, each posting {@code batch} bars of {@code symbol} to {@code /ingest?ack=}
     * and then pausing {@code pause} (zero: none) before the next request.
     */
    BarLoad(String storeUrl, String ack, String symbol, int batch, int threads, Duration pause) {
        this.uri = URI.create(storeUrl + "/ingest?ack=" + ack);
        this.symbol = symbol;
        this.batch = batch;
        this.pauseNanos = pause.toNanos();
        this.threads = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            this.threads[i] = new Thread(this::run, "bar-load-" + symbol + "-" + i);
            this.threads[i].setDaemon(true);
            this.threads[i].start();
        }
    }

    private void run() {
        while (running.get()) {
            int offset = nextOffset.getAndAdd(batch);
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(90))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TestBars.jsonArray(symbol, offset, batch)))
                    .build();
            requests.incrementAndGet();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                record(offset, response);
            } catch (IOException e) {
                mark(unknown, offset);
                pause(Duration.ofMillis(50).toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause(pauseNanos);
        }
    }

    private void record(int offset, HttpResponse<String> response) {
        int status = response.statusCode();
        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (status / 100 != 2) {
            if (response.headers().firstValue("Retry-After").isPresent()) {
                retryAfterAnswers.incrementAndGet();
            }
            pause(Duration.ofMillis(50).toNanos()); // a real client waits as Retry-After asks; briefly here
            return;
        }
        JsonNode body = JSON.readTree(response.body());
        if (body.path("accepted").asInt(-1) != batch) {
            throw new IllegalStateException("the store acknowledged a batch of " + batch + " with " + response.body());
        }
        mark(acknowledged, offset);
        if (status == 200) {
            int written = body.path("written").asInt(-1);
            if (written == batch) {
                mark(confirmedWritten, offset);
            } else {
                deadLetteredInAnswers.addAndGet(body.path("dead_lettered").asInt(0));
            }
        }
    }

    private void mark(Set<Integer> set, int offset) {
        for (int i = 0; i < batch; i++) {
            set.add(offset + i);
        }
    }

    private void pause(long nanos) {
        if (nanos > 0 && running.get()) {
            LockSupport.parkNanos(nanos);
        }
    }

    /** Bars (minute offsets) the store answered 2xx for. */
    Set<Integer> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Bars (minute offsets) of {@code ack=committed} answers that said every one of them was written. */
    Set<Integer> confirmedWritten() {
        return Set.copyOf(confirmedWritten);
    }

    /** Bars (minute offsets) of requests that got no answer at all. */
    Set<Integer> unknown() {
        return Set.copyOf(unknown);
    }

    long acknowledgedCount() {
        return acknowledged.size();
    }

    long requests() {
        return requests.get();
    }

    long answers(int status) {
        AtomicLong count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    /** Refusals (non-2xx) that carried a Retry-After header. */
    long retryAfterAnswers() {
        return retryAfterAnswers.get();
    }

    /** Items that {@code ack=committed} answers reported as dead-lettered rather than written. */
    long deadLetteredInAnswers() {
        return deadLetteredInAnswers.get();
    }

    Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    /** Stops sending and waits for the requests in flight to be answered (or to fail). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(120).toMillis());
        }
    }
}

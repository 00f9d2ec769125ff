package io.marketflow.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP load generator: posts bars to {@code POST /ingest?ack=…} over {@link Settings#connections()} keep-alive
 * connections, {@link Settings#barsPerRequest()} bars a request (request {@code i} carries bars {@code [i × n,
 * (i + 1) × n)}), as a JSON array or NDJSON, flat out (each connection sends its next request when the previous
 * one is answered) or at a fixed rate. It runs in one of two ways:
 *
 * <ul>
 *   <li>{@link #prepare}: a benchmark's run of a known number of bars. Every body is encoded before the clock
 *       starts, a 429 or 503 is sent again after its {@code Retry-After} (the wait counts as latency) and anything
 *       else fails the run; {@link #run()} returns each request's latency. At a fixed rate request {@code i} is due
 *       at {@code start + i × interval} and its latency counts from then, not from when a busy connection got round
 *       to sending it, so a stall shows in the percentiles instead of silently slowing the sender.
 *   <li>{@link #start}: a test's load until {@link #close()}, which remembers what became of each bar as the store
 *       reported it: acknowledged (any 2xx), confirmed written ({@code ack=committed} with {@code written} equal to
 *       the bars sent), refused (a status that is not 2xx; the load moves on after a short back-off) or unknown (no
 *       answer: the store may or may not have taken it).
 * </ul>
 */
public final class BarLoad implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long BACK_OFF_NANOS = Duration.ofMillis(50).toNanos();

    /** The body of the request that carries bars {@code [from, from + count)}. */
    @FunctionalInterface
    public interface Bodies {
        byte[] encode(long from, int count);
    }

    /**
     * @param barsPerSecond a fixed rate, or 0 for flat out
     * @param pause how long each connection waits after an answer before its next request (zero: not at all)
     * @param refusalWait how long a prepared run waits before sending a refused request again; {@code null}: what
     *     the answer's {@code Retry-After} says
     */
    public record Settings(
            URI ingest,
            String ack,
            int connections,
            int barsPerRequest,
            boolean ndjson,
            double barsPerSecond,
            Duration pause,
            Duration refusalWait) {

        public Settings {
            if (connections < 1 || barsPerRequest < 1) {
                throw new IllegalArgumentException("connections and barsPerRequest must be >= 1");
            }
            if (barsPerSecond < 0 || pause.isNegative()) {
                throw new IllegalArgumentException("the rate and the pause must not be negative");
            }
        }

        /** JSON arrays, flat out, no pause, refusals retried as {@code Retry-After} says. */
        public static Settings of(URI ingest, String ack, int connections, int barsPerRequest) {
            return new Settings(ingest, ack, connections, barsPerRequest, false, 0, Duration.ZERO, null);
        }

        public Settings ndjson(boolean ndjson) {
            return new Settings(ingest, ack, connections, barsPerRequest, ndjson, barsPerSecond, pause, refusalWait);
        }

        public Settings barsPerSecond(double rate) {
            return new Settings(ingest, ack, connections, barsPerRequest, ndjson, rate, pause, refusalWait);
        }

        public Settings pause(Duration pause) {
            return new Settings(ingest, ack, connections, barsPerRequest, ndjson, barsPerSecond, pause, refusalWait);
        }

        public Settings refusalWait(Duration wait) {
            return new Settings(ingest, ack, connections, barsPerRequest, ndjson, barsPerSecond, pause, wait);
        }

        public String describe() {
            return connections + " conn × " + barsPerRequest + " bars, " + (ndjson ? "NDJSON" : "JSON array")
                    + (barsPerSecond > 0
                            ? String.format(Locale.ROOT, ", fixed %.0f bars/s", barsPerSecond)
                            : ", flat out");
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final URI uri;
    private final long bars;
    private final long requests;
    private final Bodies bodies;
    private final List<byte[]> prepared;
    private final long[] latencies;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retryAfterAnswers = new AtomicLong();
    private final AtomicLong deadLetteredInAnswers = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<Integer> confirmedWritten = ConcurrentHashMap.newKeySet();
    private final Set<Integer> unknown = ConcurrentHashMap.newKeySet();
    private Thread[] threads = new Thread[0];
    private long startNanos;

    private BarLoad(Settings settings, long bars, Bodies bodies, boolean prepare) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.uri = URI.create(settings.ingest() + "?ack=" + settings.ack());
        this.bars = bars;
        this.requests = (bars + settings.barsPerRequest() - 1) / settings.barsPerRequest();
        this.bodies = bodies;
        if (prepare) {
            this.prepared = new ArrayList<>((int) requests);
            for (long i = 0; i < requests; i++) {
                prepared.add(bodies.encode(first(i), count(i)));
            }
            this.latencies = new long[(int) requests];
        } else {
            this.prepared = null;
            this.latencies = null;
        }
    }

    /** A run of bars {@code [0, bars)}, every body encoded now; {@link #run()} sends them. */
    public static BarLoad prepare(Settings settings, long bars, Bodies bodies) {
        return new BarLoad(settings, bars, bodies, true);
    }

    /** Starts sending bars {@code 0, 1, 2, …} until {@link #close()}, encoding each body when it is due. */
    public static BarLoad start(Settings settings, Bodies bodies) {
        BarLoad load = new BarLoad(settings, Integer.MAX_VALUE, bodies, false);
        load.startThreads(true);
        return load;
    }

    /** Sends every prepared request and returns their latencies, in nanoseconds, in request order. */
    public long[] run() throws Exception {
        if (prepared == null) {
            throw new IllegalStateException("only a prepared load runs to its end");
        }
        startThreads(false);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return latencies.clone();
    }

    private void startThreads(boolean daemon) {
        startNanos = System.nanoTime();
        threads = new Thread[settings.connections()];
        for (int c = 0; c < threads.length; c++) {
            threads[c] = new Thread(this::work, "bar-load-" + c);
            threads[c].setDaemon(daemon);
            threads[c].start();
        }
    }

    private void work() {
        long interval =
                settings.barsPerSecond() > 0 ? (long) (1e9 * settings.barsPerRequest() / settings.barsPerSecond()) : 0;
        try {
            for (long i = next.getAndIncrement(); i < requests && running.get(); i = next.getAndIncrement()) {
                long due = startNanos + i * interval;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                long from = interval > 0 ? due : now;
                if (prepared != null) {
                    sendUntilTaken(prepared.get((int) i));
                    latencies[(int) i] = System.nanoTime() - from;
                } else {
                    sendAndRecord(i);
                }
                pause(settings.pause().toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
            running.set(false);
        }
    }

    private HttpRequest request(byte[] body) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", settings.ndjson() ? "application/x-ndjson" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** Sends until the store takes the request. */
    private void sendUntilTaken(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = request(body);
        while (true) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            sent.incrementAndGet();
            int status = response.statusCode();
            if (status == 200 || status == 202) {
                return;
            }
            if (status != 429 && status != 503) {
                throw new IOException("store answered " + status + ": " + abbreviated(response.body()));
            }
            retryAfterAnswers.incrementAndGet();
            Duration wait = settings.refusalWait() != null
                    ? settings.refusalWait()
                    : Duration.ofMillis(Math.max(10, (long) (1000 * retryAfterSeconds(response))));
            Thread.sleep(wait.toMillis());
        }
    }

    /** Sends request {@code i} once and remembers what became of its bars. */
    private void sendAndRecord(long i) throws InterruptedException {
        int first = (int) first(i);
        int count = count(i);
        HttpResponse<String> response;
        try {
            response = http.send(request(bodies.encode(first, count)), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            sent.incrementAndGet();
            mark(unknown, first, count);
            pause(BACK_OFF_NANOS);
            return;
        }
        sent.incrementAndGet();
        int status = response.statusCode();
        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (status / 100 != 2) {
            if (response.headers().firstValue("Retry-After").isPresent()) {
                retryAfterAnswers.incrementAndGet();
            }
            pause(BACK_OFF_NANOS); // a real client waits as Retry-After asks; briefly here
            return;
        }
        JsonNode answer = JSON.readTree(response.body());
        if (answer.path("accepted").asInt(-1) != count) {
            throw new IllegalStateException("the store acknowledged a batch of " + count + " with " + response.body());
        }
        mark(acknowledged, first, count);
        if (status == 200) {
            if (answer.path("written").asInt(-1) == count) {
                mark(confirmedWritten, first, count);
            } else {
                deadLetteredInAnswers.addAndGet(answer.path("dead_lettered").asInt(0));
            }
        }
    }

    private long first(long request) {
        return request * settings.barsPerRequest();
    }

    private int count(long request) {
        return (int) Math.min(settings.barsPerRequest(), bars - first(request));
    }

    private static void mark(Set<Integer> set, int first, int count) {
        for (int i = 0; i < count; i++) {
            set.add(first + i);
        }
    }

    private void pause(long nanos) {
        if (nanos > 0 && running.get()) {
            LockSupport.parkNanos(nanos);
        }
    }

    private static double retryAfterSeconds(HttpResponse<?> response) {
        try {
            return Double.parseDouble(
                    response.headers().firstValue("Retry-After").orElse("1").trim());
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }

    private static String abbreviated(String body) {
        return body.length() > 500 ? body.substring(0, 500) + "…" : body;
    }

    /** Bars the store answered 2xx for. */
    public Set<Integer> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    public long acknowledgedCount() {
        return acknowledged.size();
    }

    /** Bars of {@code ack=committed} answers that said every one of them was written. */
    public Set<Integer> confirmedWritten() {
        return Set.copyOf(confirmedWritten);
    }

    /** Bars of requests that got no answer at all. */
    public Set<Integer> unknown() {
        return Set.copyOf(unknown);
    }

    /** Requests sent, each retry of a prepared run's refused request counted again. */
    public long requests() {
        return sent.get();
    }

    public long answers(int status) {
        AtomicLong count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    /** Refusals that carried a Retry-After header (in a prepared run: every 429 and 503). */
    public long retryAfterAnswers() {
        return retryAfterAnswers.get();
    }

    /** Bars that {@code ack=committed} answers reported as dead-lettered rather than written. */
    public long deadLetteredInAnswers() {
        return deadLetteredInAnswers.get();
    }

    /** How many answers had each status. */
    public Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    /**
     * Stops sending and waits for the requests in flight to be answered (or to fail); throws if the store
     * acknowledged a request in a way the load could not account for.
     */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(120).toMillis());
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the load failed", failure.get());
        }
    }
}

package io.marketflow.launcher;

import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.Bar;
import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.metrics.MetricNames;
import io.marketflow.pipeline.status.PipelineStatus;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the paced loop's end-to-end tests share: a store whose one worker writes batches of 100 (so a statement
 * trigger's sleep sets the write capacity) and refuses at once when its queue is full, synthetic providers in
 * backfill mode, and the pipeline's and store's numbers read in process.
 */
final class PacedLoop {

    static final int QUEUE_CAPACITY = 2_000;
    static final int LOW_WATERMARK = 1_000;
    /** With one worker and batches of 100: just under 1,000 bars/s. */
    static final Duration SLOW_WRITE = Duration.ofMillis(100);

    private PacedLoop() {}

    /** The store's settings: queue of {@link #QUEUE_CAPACITY}, one worker, batches of 100, 429 when full. */
    static Map<String, String> store(Path deadLetters) {
        return Map.of(
                "MDS_COORDINATOR_CAPACITY", Integer.toString(QUEUE_CAPACITY),
                "MDS_COORDINATOR_HIGH_WATERMARK", "1600",
                "MDS_COORDINATOR_LOW_WATERMARK", Integer.toString(LOW_WATERMARK),
                "MDS_COORDINATOR_WORKERS", "1",
                "MDS_COORDINATOR_BATCH_SIZE", "100",
                "MDS_COORDINATOR_FLUSH_INTERVAL", "0.05",
                "MDS_COORDINATOR_OVERFLOW_STRATEGY", "error",
                "MDS_DLQ_DIR", deadLetters.toString());
    }

    /** A pipeline under the {@code pace} policy sending batches of up to 100, plus {@code settings}. */
    static Map<String, String> pipeline(Map<String, String> settings) {
        Map<String, String> pipeline = new HashMap<>(settings);
        pipeline.put("MDP_FB_POLICY", "pace");
        pipeline.put("MDP_ROUTER_BATCH_SIZE", "100");
        pipeline.put("MDP_ROUTER_LINGER_MS", "50");
        return pipeline;
    }

    /** A synthetic provider replaying a month of 1 s bars (more than any run takes) at {@code rate} bars/s. */
    static Map<String, String> provider(String name, int rate, String symbols) {
        String upper = name.toUpperCase(Locale.ROOT);
        return Map.of(
                "MDP_PROVIDER_" + upper + "_KIND", "synthetic",
                "MDP_PROVIDER_" + upper + "_SYMBOLS", symbols,
                "MDP_PROVIDER_" + upper + "_TIMEFRAME", "1s",
                "MDP_PROVIDER_" + upper + "_MODE", "backfill",
                "MDP_PROVIDER_" + upper + "_START",
                        Instant.now().minus(Duration.ofDays(30)).toString(),
                "MDP_RATE_" + upper + "_REFILL_RATE", Integer.toString(rate),
                "MDP_RATE_" + upper + "_CAPACITY", "200",
                "MDP_RATE_" + upper + "_BREAKER_TIMEOUT", "1");
    }

    /**
     * A pipeline of its own with {@code providers} feeding from its start, on a port the system reserved
     * ({@link LocalSystem#start(LocalSystem.Options, int)}), so every store posts its feedback to it. The system
     * closes it.
     */
    static ConfigurableApplicationContext startFeedingPipeline(
            LocalSystem system, Map<String, String> providers, Path deadLetters, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(pipeline(providers));
        settings.put("MDP_FEED_ENABLED", "true");
        settings.put("MDP_DLQ_DIR", deadLetters.toString());
        settings.putAll(overrides);
        return system.startPipeline(settings);
    }

    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static FeedbackSnapshot.Pacing pacing(ConfigurableApplicationContext pipeline) {
        return pipeline.getBean(PipelineStatus.class).feedback().pacing();
    }

    /** Batches the store answered with 429 or 503, as {@code pipeline} counted them. */
    static long throttled(ConfigurableApplicationContext pipeline) {
        return (long) pipeline.getBean(MeterRegistry.class).find(MetricNames.STORE_THROTTLED).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    static long sent(ConfigurableApplicationContext pipeline) {
        return (long) pipeline.getBean(MeterRegistry.class).find(MetricNames.BARS_SENT).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** A window of the loop at steady state: when it began and ended, and the rows written per second during it. */
    record Window(Instant from, Instant to, double rowsPerSecond) {}

    /**
     * Waits out a {@code length} throughout which {@code holds} (no refusal, queues below their capacity) held, for at
     * most 10 s more, and measures the rows {@code database} wrote meanwhile.
     */
    static Window steadyWindow(LoopDatabase database, String what, Duration length, Callable<Boolean> holds) {
        long rowsBefore = database.barCount();
        Instant from = Instant.now();
        await(what + " throughout a " + length.toSeconds() + " s window")
                .during(length)
                .atMost(length.plusSeconds(10))
                .until(holds);
        return new Window(from, Instant.now(), (database.barCount() - rowsBefore) / seconds(from));
    }

    static double seconds(Instant from) {
        return Duration.between(from, Instant.now()).toNanos() / 1e9;
    }

    /**
     * Rows per second one coordinator writes from a standing backlog of full batches, submitted at once
     * (nothing else feeding it), timed until written.
     */
    static double measureCapacity(WriteCoordinator<Bar> bars, LoopDatabase database, String symbol) {
        return measureCapacity(bars, database, symbol, Duration.ofSeconds(60));
    }

    /** As above, failing when the backlog is not written within {@code deadline}. */
    static double measureCapacity(WriteCoordinator<Bar> bars, LoopDatabase database, String symbol, Duration deadline) {
        await("store idle").atMost(Duration.ofSeconds(30)).until(() -> bars.queueSize() == 0);
        int count = 1_500;
        List<Bar> backlog = new ArrayList<>(count);
        Instant start = Instant.parse("2020-01-02T00:00:00Z");
        for (int i = 0; i < count; i++) {
            backlog.add(new Bar(
                    symbol, "1m", start.plus(Duration.ofMinutes(i)), 10.0, 11.0, 9.0, 10.5, 100.0, null, null, "cap"));
        }
        long rowsBefore = database.barCount();
        Instant from = Instant.now();
        try {
            bars.submitMany(backlog, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        await("backlog written")
                .atMost(deadline)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> database.barCount() - rowsBefore >= count);
        return count / seconds(from);
    }

    /**
     * Time from {@code start} until the rows counted over the preceding second first reach {@code rate}; null
     * when they never did.
     */
    static Duration timeToReach(List<LoopWatch.Change> rows, Instant start, double rate) {
        for (int i = 0; i < rows.size(); i++) {
            LoopWatch.Change now = rows.get(i);
            if (now.at().isBefore(start.plusSeconds(1))) {
                continue;
            }
            Instant secondAgo = now.at().minusSeconds(1);
            double before = rows.get(0).value();
            for (LoopWatch.Change earlier : rows) {
                if (earlier.at().isAfter(secondAgo)) {
                    break;
                }
                before = earlier.value();
            }
            if (now.value() - before >= rate) {
                return Duration.between(start, now.at());
            }
        }
        return null;
    }
}

package io.marketflow.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What the feedback-loop benchmark's runs share: waiting, percentiles, formatting, the machine's description. */
final class LoopBench {

    private LoopBench() {}

    /** Settings every run of the benchmark gives both services: quiet logs, a private dead-letter directory. */
    static Map<String, String> quiet(Map<String, String> settings, Path deadLetters) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("logging.level.root", "WARN");
        if (deadLetters != null) {
            all.put("MDS_DLQ_DIR", deadLetters.toString());
        }
        return all;
    }

    /**
     * A store with one worker flushing every 50 ms, so that its queue follows the benchmark's load closely;
     * {@link #quiet} with {@code deadLetters}.
     */
    static Map<String, String> oneWorkerStore(int capacity, int high, int low, int batchSize, Path deadLetters) {
        return quiet(
                Map.of(
                        "MDS_COORDINATOR_CAPACITY", Integer.toString(capacity),
                        "MDS_COORDINATOR_HIGH_WATERMARK", Integer.toString(high),
                        "MDS_COORDINATOR_LOW_WATERMARK", Integer.toString(low),
                        "MDS_COORDINATOR_WORKERS", "1",
                        "MDS_COORDINATOR_BATCH_SIZE", Integer.toString(batchSize),
                        "MDS_COORDINATOR_FLUSH_INTERVAL", "0.05"),
                deadLetters);
    }

    /**
     * The {@code --name value} options in {@code args} from index {@code from} on, by name without the dashes.
     *
     * @throws IllegalArgumentException naming the argument and {@code usage}, for a name not in {@code names}
     */
    static Map<String, String> options(String[] args, int from, String usage, String... names) {
        List<String> known = List.of(names);
        Map<String, String> options = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!known.contains(name) || i + 1 == args.length) {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: " + usage);
            }
            options.put(name, args[++i]);
        }
        return options;
    }

    /** Option {@code name} of {@link #options} as whole seconds, or {@code seconds} when it was not given. */
    static Duration seconds(Map<String, String> options, String name, long seconds) {
        return Duration.ofSeconds(Long.parseLong(options.getOrDefault(name, Long.toString(seconds))));
    }

    /** A report that starts with the machine's description. */
    static StringBuilder report() {
        return new StringBuilder("Machine: ").append(machine()).append("\n\n");
    }

    /** Ends {@code report} with the load average, prints it, and writes it to {@code out} too unless that is null. */
    static void finish(StringBuilder report, String out) throws IOException {
        report.append("\nLoad average at the end: ").append(loadAverage()).append('\n');
        System.out.println(report);
        if (out != null) {
            Files.writeString(Path.of(out), report);
            System.err.println("[bench] written to " + out);
        }
    }

    /** Polls every millisecond; a benchmark that cannot reach a state it needs has failed. */
    static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for: " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Lets time pass without a busy loop (a benchmark's warm-up and measuring window). */
    static void pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** The store's queue over a measuring window: its size, and its queueing delay in milliseconds. */
    record QueueStats(double queueMean, double queueP99, double delayP50Ms, double delayP99Ms) {

        /** From samples of {queue size, queueing delay in ms}. */
        static QueueStats of(List<double[]> samples) {
            double[] queue = samples.stream().mapToDouble(s -> s[0]).sorted().toArray();
            double[] delay = samples.stream().mapToDouble(s -> s[1]).sorted().toArray();
            return new QueueStats(
                    Arrays.stream(queue).average().orElse(0),
                    percentile(queue, 99),
                    percentile(delay, 50),
                    percentile(delay, 99));
        }

        /** Two cells of a report's row: queue mean / p99, delay p50 / p99. */
        String cells() {
            return fixed(queueMean, 0) + " / " + fixed(queueP99, 0) + " | " + fixed(delayP50Ms, 0) + " / "
                    + fixed(delayP99Ms, 0) + " ms";
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Nearest-rank percentile of sorted durations. */
    static Duration percentile(List<Duration> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static String millis(Duration duration) {
        return duration == null ? "-" : String.format(Locale.ROOT, "%.2f ms", duration.toNanos() / 1e6);
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static List<Duration> sorted(List<Duration> durations) {
        List<Duration> copy = new ArrayList<>(durations);
        copy.sort(null);
        return copy;
    }

    /** The machine, so that numbers from different machines are not compared blindly. */
    static String machine() {
        String cpu =
                firstLineStartingWith(Path.of("/proc/cpuinfo"), "model name").replaceFirst("model name\\s*:\\s*", "");
        String memory =
                firstLineStartingWith(Path.of("/proc/meminfo"), "MemTotal").replaceFirst("MemTotal:\\s*", "");
        return String.format(
                Locale.ROOT,
                "%d CPUs (%s), %s RAM, %s %s, Java %s (%s), load average %s",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                memory,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                loadAverage());
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstLineStartingWith(Path file, String prefix) {
        try (var lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith(prefix)).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

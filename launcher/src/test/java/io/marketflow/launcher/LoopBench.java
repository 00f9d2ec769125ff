package io.marketflow.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

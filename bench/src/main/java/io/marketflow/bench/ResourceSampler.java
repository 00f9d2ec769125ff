package io.marketflow.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CPU time and resident memory from {@code /proc} while a run lasts: the store's peak RSS by sampling
 * every 100 ms, CPU as the difference of the counters at start and stop. PostgreSQL's CPU is the postmaster's
 * own and its reaped children's (cutime, cstime) plus every live backend's, so backends that exit during the
 * run are still counted.
 */
final class ResourceSampler implements AutoCloseable {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux build that matters here
    private static final Path PROC = Path.of("/proc");
    private static final long REAP_DELAY_MILLIS = 600;

    private final long storePid;
    private final long postmasterPid;
    private final long startNanos = System.nanoTime();
    private final long storeStart;
    private final Map<String, Long> storeThreadsStart;
    private final long postgresStart;
    private final long clientStart;
    private final long machineBusyStart;
    private final Thread sampler;
    private volatile long peakRssKb;
    private volatile boolean running = true;

    ResourceSampler(long storePid, long postmasterPid) {
        this.storePid = storePid;
        this.postmasterPid = postmasterPid;
        this.storeStart = cpuTicks(storePid, false);
        this.storeThreadsStart = threadTicks(storePid);
        this.postgresStart = postgresTicks();
        this.clientStart = cpuTicks(ProcessHandle.current().pid(), true);
        this.machineBusyStart = machineBusyTicks();
        this.peakRssKb = rssKb(storePid);
        this.sampler = new Thread(this::sample, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            peakRssKb = Math.max(peakRssKb, rssKb(storePid));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    ResourceUse stop() throws InterruptedException {
        running = false;
        sampler.interrupt();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long store = cpuTicks(storePid, false);
        Map<String, Long> storeThreads = threadTicks(storePid);
        long client = cpuTicks(ProcessHandle.current().pid(), true);
        long machine = machineBusyTicks();
        // A backend whose client just hung up is still exiting; its time reaches the postmaster's cutime only once
        // the postmaster has reaped it, a few hundred milliseconds later. Until then it is counted nowhere.
        Thread.sleep(REAP_DELAY_MILLIS);
        return new ResourceUse(
                storePid > 0 ? peakRssKb / 1024.0 : -1,
                cores(storeStart, store, seconds),
                cores(postgresStart, postgresTicks(), seconds),
                cores(clientStart, client, seconds),
                cores(machineBusyStart, machine, seconds),
                threadCores(storeThreadsStart, storeThreads, seconds));
    }

    private static Map<String, Double> threadCores(Map<String, Long> start, Map<String, Long> end, double seconds) {
        Map<String, Double> cores = new LinkedHashMap<>();
        end.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - start.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> cores.put(e.getKey(), e.getValue() / TICKS_PER_SECOND / seconds));
        return cores;
    }

    /**
     * CPU ticks of each thread pool of a process: threads grouped by name with their numbers removed
     * ({@code reactor-http-epoll-3} and {@code -4} are one pool). Linux keeps 15 characters of a thread's name.
     */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        if (pid <= 0) {
            return ticks;
        }
        try (DirectoryStream<Path> tasks =
                Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                String line;
                try {
                    line = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
                List<String> fields =
                        List.of(line.substring(line.lastIndexOf(')') + 2).trim().split(" "));
                ticks.merge(
                        name.replaceAll("[#-]?\\d+", "").replaceAll("[-#\\s]+$", ""), ticks(fields, false), Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return ticks;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    private static double cores(long start, long end, double seconds) {
        if (start < 0 || end < 0 || seconds <= 0) {
            return -1;
        }
        return (end - start) / TICKS_PER_SECOND / seconds;
    }

    private long postgresTicks() {
        if (postmasterPid <= 0) {
            return -1;
        }
        long total = cpuTicks(postmasterPid, true);
        if (total < 0) {
            return -1;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                List<String> fields = statFields(process.resolve("stat"));
                if (fields != null && Long.parseLong(fields.get(1)) == postmasterPid) {
                    total += ticks(fields, true);
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** utime + stime (+ cutime + cstime with {@code children}) of a process, or -1 when it is gone. */
    static long cpuTicks(long pid, boolean children) {
        if (pid <= 0) {
            return -1;
        }
        List<String> fields = statFields(PROC.resolve(Long.toString(pid)).resolve("stat"));
        return fields == null ? -1 : ticks(fields, children);
    }

    // Fields after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime.
    private static long ticks(List<String> fields, boolean children) {
        long ticks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
        if (children) {
            ticks += Long.parseLong(fields.get(13)) + Long.parseLong(fields.get(14));
        }
        return ticks;
    }

    private static List<String> statFields(Path stat) {
        try {
            String line = Files.readString(stat);
            // The command name may hold spaces and parentheses; the fields start after its last ')'.
            return List.of(line.substring(line.lastIndexOf(')') + 2).trim().split(" "));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static long rssKb(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line :
                    Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return -1;
    }

    private static long machineBusyTicks() {
        try {
            String[] cpu =
                    Files.readAllLines(PROC.resolve("stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...: busy is everything but idle and iowait.
            long busy = 0;
            for (int i = 1; i < Math.min(cpu.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

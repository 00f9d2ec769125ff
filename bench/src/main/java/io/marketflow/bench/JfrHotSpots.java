package io.marketflow.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the store spent its CPU and memory during a run, from a JDK Flight Recorder file: execution samples by
 * thread pool and by hottest method and package, allocation by class, and GC pauses, as markdown.
 */
final class JfrHotSpots {

    private JfrHotSpots() {}

    static String summarize(Path recording, int top) throws IOException {
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> byMethod = new HashMap<>();
        Map<String, Long> byPackage = new HashMap<>();
        Map<String, Long> byStoreFrame = new HashMap<>();
        Map<String, Long> allocations = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        long collections = 0;
        Duration pauses = Duration.ZERO;
        long maxHeapUsed = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            switch (event.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    String thread = event.getThread("sampledThread") == null
                            ? "?"
                            : event.getThread("sampledThread").getJavaName();
                    add(byThread, threadGroup(thread), 1);
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack != null && !stack.getFrames().isEmpty()) {
                        RecordedFrame frame = stack.getFrames().get(0);
                        add(byMethod, method(frame), 1);
                        add(byPackage, packageOf(frame.getMethod().getType().getName()), 1);
                        add(byStoreFrame, firstStoreFrame(stack.getFrames()), 1);
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = event.getLong("weight");
                    allocated += weight;
                    add(allocations, event.getClass("objectClass").getName(), weight);
                }
                case "jdk.GarbageCollection" -> {
                    collections++;
                    pauses = pauses.plus(event.getDuration("sumOfPauses"));
                }
                case "jdk.GCHeapSummary" -> maxHeapUsed = Math.max(maxHeapUsed, event.getLong("heapUsed"));
                default -> {}
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "%d execution samples; %d GCs, %d ms paused in all; heap used at most %d MB; ~%d MB allocated"
                        + " (sampled).%n%n",
                samples, collections, pauses.toMillis(), maxHeapUsed >> 20, allocated >> 20));
        table(out, "CPU samples by thread pool", byThread, samples, top);
        table(out, "Hottest methods (top frame)", byMethod, samples, top);
        table(out, "By package of the top frame", byPackage, samples, top);
        table(out, "By the innermost io.marketflow frame on the stack", byStoreFrame, samples, top);
        table(out, "Allocation by class (sampled weight)", allocations, allocated, top);
        return out.toString();
    }

    private static void table(StringBuilder out, String title, Map<String, Long> counts, long total, int top) {
        out.append("| ").append(title).append(" | share |\n|---|---:|\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> out.append(String.format(
                        "| `%s` | %.1f%% |%n", e.getKey(), total == 0 ? 0 : 100.0 * e.getValue() / total)));
        out.append('\n');
    }

    private static void add(Map<String, Long> counts, String key, long n) {
        counts.merge(key, n, Long::sum);
    }

    // reactor-http-epoll-3 and bars-coord-worker-2 are one pool each: numbers are instance counters.
    private static String threadGroup(String name) {
        return name.replaceAll("[-#]?\\d+", "").replaceAll("-+$", "");
    }

    private static String method(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "."
                + frame.getMethod().getName();
    }

    private static String packageOf(String type) {
        String[] parts = type.split("\\.");
        int keep = Math.min(parts.length - 1, parts[0].equals("io") || parts[0].equals("org") ? 3 : 2);
        return String.join(".", List.of(parts).subList(0, Math.max(1, keep)));
    }

    private static String firstStoreFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod().getType().getName().startsWith("io.marketflow.")) {
                return method(frame);
            }
        }
        return "(no store frame: framework, driver or JVM)";
    }
}

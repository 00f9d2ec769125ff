package io.marketflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the numbers were measured on, from /proc: cores, memory, CPU model, kernel, and how busy it already was. */
record MachineInfo(int cores, long memoryMb, String cpuModel, String kernel, String loadAverage, String java) {

    static MachineInfo read() {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                memTotalKb() / 1024,
                firstValue(Path.of("/proc/cpuinfo"), "model name"),
                text(Path.of("/proc/sys/kernel/osrelease")),
                text(Path.of("/proc/loadavg")),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    /** The 1-minute load average now, to show whether something else was using the cores during a run. */
    static String loadNow() {
        String load = text(Path.of("/proc/loadavg"));
        return load.isEmpty() ? "?" : load.split(" ")[0];
    }

    private static long memTotalKb() {
        String value = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        return value.isEmpty() ? -1 : Long.parseLong(value.replaceAll("[^0-9]", ""));
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: leave it blank
        }
        return "";
    }

    private static String text(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }
}

package io.marketflow.store.reliability;

import io.marketflow.store.TestBars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads dead-letter files back, as an operator would with {@code cat *.ndjson}, to see which items they hold. */
public final class DeadLetterItems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DeadLetterItems() {}

    /** Record files in {@code directory} (unfinished temp files excluded). */
    public static long records(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".ndjson")).count();
        }
    }

    /**
     * Minute offsets from {@link TestBars#START} of the bars of {@code symbol} in every record, one entry per
     * dead-lettered item, so an item parked twice shows up twice.
     */
    public static List<Integer> barOffsets(Path directory, String symbol) throws IOException {
        List<Integer> offsets = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return offsets;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    for (JsonNode item : JSON.readTree(line).get("items")) {
                        if (symbol.equals(item.get("symbol").asString())) {
                            Instant ts = Instant.parse(item.get("ts").asString());
                            offsets.add(
                                    (int) Duration.between(TestBars.START, ts).toMinutes());
                        }
                    }
                }
            }
        }
        return offsets;
    }
}

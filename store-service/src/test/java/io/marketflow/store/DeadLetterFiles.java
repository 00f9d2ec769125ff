package io.marketflow.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads dead-letter records back, as an operator would, to see exactly which bars they hold. */
final class DeadLetterFiles {

    private DeadLetterFiles() {}

    /** Minute offsets (from {@link TestBars#START}) of the bars of {@code symbol} in the directory's records. */
    static Set<Integer> barOffsets(Path directory, String symbol) throws IOException {
        Set<Integer> offsets = new HashSet<>();
        if (!Files.isDirectory(directory)) {
            return offsets;
        }
        JsonMapper mapper = JsonMapper.builder().build();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    for (JsonNode item : mapper.readTree(line).get("items")) {
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

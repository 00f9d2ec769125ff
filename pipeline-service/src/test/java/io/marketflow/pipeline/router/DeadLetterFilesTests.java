package io.marketflow.pipeline.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DeadLetterFilesTests {

    private static final Instant NOW = Instant.parse("2025-10-15T14:30:00.123Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private DeadLetterFiles files(Path directory) {
        return new DeadLetterFiles(directory, JSON, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static List<Bar> bars(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Bar.of("AAPL", "1m", NOW.plusSeconds(60L * i), 10, 11, 9, 10.5, i))
                .toList();
    }

    @Test
    void writesOneRecordPerBatchInTheStoresFormat() throws IOException {
        files(dir).append("ibkr", bars(3), "400 ts too far ahead", 1);

        List<Path> written;
        try (Stream<Path> paths = Files.list(dir)) {
            written = paths.toList();
        }
        assertThat(written).hasSize(1);
        assertThat(written.get(0).getFileName().toString()).matches(NOW.toEpochMilli() + "-000000001-bars-3\\.ndjson");
        String content = Files.readString(written.get(0));
        assertThat(content).endsWith("\n").doesNotContain("\n\n");
        assertThat(content.strip()).doesNotContain("\n");
        JsonNode record = JSON.readTree(content);
        assertThat(record.propertyNames())
                .contains("time", "kind", "coordinator_id", "error", "attempts", "items", "provider");
        assertThat(record.get("time").asString()).isEqualTo(NOW.toString());
        assertThat(record.get("kind").asString()).isEqualTo("bars");
        assertThat(record.get("error").asString()).isEqualTo("400 ts too far ahead");
        assertThat(record.get("attempts").asInt()).isEqualTo(1);
        assertThat(record.get("provider").asString()).isEqualTo("ibkr");
        assertThat(record.get("items")).hasSize(3);
        assertThat(record.get("items").get(0).get("symbol").asString()).isEqualTo("AAPL");
    }

    @Test
    void readsRecordsBackOldestFirstAndDeletesThem() throws IOException {
        DeadLetterFiles files = files(dir);
        files.append("ibkr", bars(2), "first", 1);
        files.append("csv", bars(5), "second", 3);

        List<DeadLetterFiles.Entry> entries = files.list();

        assertThat(entries).extracting(DeadLetterFiles.Entry::items).containsExactly(2, 5);
        DeadLetterFiles.Record first = files.read(entries.get(0));
        assertThat(first.provider()).isEqualTo("ibkr");
        assertThat(first.error()).isEqualTo("first");
        assertThat(first.items()).isEqualTo(bars(2));
        assertThat(files.summary()).isEqualTo(new DeadLetterFiles.Summary(2, 7));

        files.delete(entries.get(0));

        assertThat(files.summary()).isEqualTo(new DeadLetterFiles.Summary(1, 5));
    }

    @Test
    void keepsTheOrderAcrossRestartsAndDeletesWhatACrashLeftHalfWritten() throws IOException {
        files(dir).append("ibkr", bars(1), "before", 1);
        Files.writeString(dir.resolve("1-000000009-bars-1.ndjson.tmp"), "{\"time\":");

        DeadLetterFiles reopened = files(dir);
        reopened.append("ibkr", bars(2), "after", 1);

        assertThat(Files.exists(dir.resolve("1-000000009-bars-1.ndjson.tmp"))).isFalse();
        assertThat(reopened.list()).extracting(DeadLetterFiles.Entry::sequence).containsExactly(1L, 2L);
    }

    @Test
    void createsTheDirectoryOnlyForTheFirstRecord() throws IOException {
        Path missing = dir.resolve("not-yet");
        DeadLetterFiles files = files(missing);

        assertThat(files.summary()).isEqualTo(new DeadLetterFiles.Summary(0, 0));
        assertThat(Files.exists(missing)).isFalse();

        files.park("ibkr", bars(1), "400", 1).block();

        assertThat(files.summary()).isEqualTo(new DeadLetterFiles.Summary(1, 1));
    }

    @Test
    void countsWhatIsParkedInMemoryFromTheFilesAtStartAndTheRecordsItWritesAndDeletes() throws IOException {
        DeadLetterFiles before = files(dir);
        before.append("ibkr", bars(3), "400", 1);
        before.append("ibkr", bars(2), "400", 1);

        DeadLetterFiles files = files(dir);
        assertThat(files.summary()).as("listed once at start").isEqualTo(new DeadLetterFiles.Summary(2, 5));
        files.append("ibkr", bars(4), "400", 1);
        assertThat(files.summary()).isEqualTo(new DeadLetterFiles.Summary(3, 9));
        DeadLetterFiles.Entry oldest = files.list().get(0);
        files.delete(oldest);
        files.delete(oldest);
        assertThat(files.summary())
                .as("a record deleted twice counts once")
                .isEqualTo(new DeadLetterFiles.Summary(2, 6));
    }

    @Test
    void theSummaryDoesNotListTheDirectory() throws IOException {
        DeadLetterFiles files = files(dir);
        files.append("ibkr", bars(3), "400", 1);
        // Moved away by hand: the summary, read on event-loop threads, does not notice until the next start.
        Path moved = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-moved"));
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.move(path, moved.resolve(path.getFileName()));
            }
        }

        assertThat(files.summary()).isEqualTo(new DeadLetterFiles.Summary(1, 3));
        assertThat(files(dir).summary()).isEqualTo(new DeadLetterFiles.Summary(0, 0));
    }
}

package io.marketflow.store.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import java.nio.charset.StandardCharsets;
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

class FileDeadLetterQueueTests {

    private static final Instant NOW = Instant.parse("2025-10-15T14:30:00Z");

    @TempDir
    Path directory;

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void writesOneNdjsonRecordPerBatchAndReadsItBack() throws Exception {
        FileDeadLetterQueue queue = new FileDeadLetterQueue(directory, mapper, clock);
        DeadLetterShelf<Bar> bars = queue.shelf("bars", Bar.class, "bars-coord");
        List<Bar> items = List.of(bar("AAPL", 0), bar("MSFT", 1));

        bars.deadLetter(items, "value too long for type character varying(32)", 1);

        List<Path> files = files();
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).matches(NOW.toEpochMilli() + "-\\d{9}-bars-2\\.ndjson");
        List<String> lines = Files.readAllLines(files.get(0), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1);
        JsonNode record = mapper.readTree(lines.get(0));
        assertThat(record.get("time").asString()).isEqualTo("2025-10-15T14:30:00Z");
        assertThat(record.get("kind").asString()).isEqualTo("bars");
        assertThat(record.get("coordinator_id").asString()).isEqualTo("bars-coord");
        assertThat(record.get("error").asString()).isEqualTo("value too long for type character varying(32)");
        assertThat(record.get("attempts").asInt()).isEqualTo(1);
        assertThat(record.get("items").get(0).get("symbol").asString()).isEqualTo("AAPL");
        assertThat(record.get("items").get(0).get("ts").asString()).isEqualTo("2025-10-15T14:30:00Z");

        assertThat(bars.records(10)).singleElement().satisfies(read -> {
            assertThat(read.items()).isEqualTo(items);
            assertThat(read.time()).isEqualTo(NOW);
            assertThat(read.coordinatorId()).isEqualTo("bars-coord");
            assertThat(read.attempts()).isEqualTo(1);
            assertThat(read.id()).isEqualTo(files.get(0).getFileName().toString());
        });
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.itemCount()).isEqualTo(2);
    }

    @Test
    void keepsKindsApartAndRecordsInOrder() throws Exception {
        FileDeadLetterQueue queue = new FileDeadLetterQueue(directory, mapper, clock);
        DeadLetterShelf<Bar> bars = queue.shelf("bars", Bar.class);
        DeadLetterShelf<String> news = queue.shelf("news", String.class);

        for (int i = 0; i < 12; i++) {
            bars.deadLetter(List.of(bar("S" + i, i)), "error " + i, 0);
        }
        news.deadLetter(List.of("a", "b", "c"), "bad", 0);

        assertThat(bars.records(100))
                .extracting(DeadLetterRecord::error)
                .containsExactly(
                        "error 0",
                        "error 1",
                        "error 2",
                        "error 3",
                        "error 4",
                        "error 5",
                        "error 6",
                        "error 7",
                        "error 8",
                        "error 9",
                        "error 10",
                        "error 11");
        assertThat(bars.records(2)).hasSize(2);
        assertThat(bars.size()).isEqualTo(12);
        assertThat(news.itemCount()).isEqualTo(3);
        assertThat(news.records(10).get(0).coordinatorId()).isNull();
        assertThat(queue.size()).isEqualTo(13);
        assertThat(queue.itemCount()).isEqualTo(15);
    }

    @Test
    void continuesTheSequenceAfterARestartSoOrderSurvives() throws Exception {
        DeadLetterShelf<String> before = new FileDeadLetterQueue(directory, mapper, clock).shelf("news", String.class);
        before.deadLetter(List.of("first"), "e", 0);
        before.deadLetter(List.of("second"), "e", 0);

        // The clock went backwards across the restart; the sequence still orders the records.
        Clock earlier = Clock.fixed(NOW.minusSeconds(3600), ZoneOffset.UTC);
        DeadLetterShelf<String> after = new FileDeadLetterQueue(directory, mapper, earlier).shelf("news", String.class);
        after.deadLetter(List.of("third"), "e", 0);

        assertThat(after.records(10))
                .flatExtracting(DeadLetterRecord::items)
                .containsExactly("first", "second", "third");
    }

    @Test
    void deletesTempFilesLeftByACrashAndKeepsEveryRenamedRecord() throws Exception {
        DeadLetterShelf<String> news = new FileDeadLetterQueue(directory, mapper, clock).shelf("news", String.class);
        news.deadLetter(List.of("kept"), "e", 0);
        Path halfWritten = directory.resolve(NOW.toEpochMilli() + "-000000007-news-3.ndjson.tmp");
        Files.writeString(halfWritten, "{\"time\":\"2025-10-15T14:30:00Z\",\"kind\":\"ne");
        Path unrelated = directory.resolve("README.txt");
        Files.writeString(unrelated, "operator notes");

        FileDeadLetterQueue reopened = new FileDeadLetterQueue(directory, mapper, clock);

        assertThat(halfWritten).doesNotExist();
        assertThat(unrelated).exists();
        assertThat(reopened.size()).isEqualTo(1);
        assertThat(reopened.shelf("news", String.class).records(10))
                .flatExtracting(DeadLetterRecord::items)
                .containsExactly("kept");
    }

    @Test
    void skipsAnUnreadableRecordWithoutDeletingIt() throws Exception {
        FileDeadLetterQueue queue = new FileDeadLetterQueue(directory, mapper, clock);
        DeadLetterShelf<String> news = queue.shelf("news", String.class);
        Path corrupt = directory.resolve(NOW.toEpochMilli() + "-000000000-news-1.ndjson");
        Files.writeString(corrupt, "not json\n");
        news.deadLetter(List.of("fine"), "e", 0);

        assertThat(news.records(10)).flatExtracting(DeadLetterRecord::items).containsExactly("fine");
        assertThat(corrupt).exists();
        assertThat(news.size()).isEqualTo(2);
    }

    @Test
    void writesNothingForAnEmptyBatch() throws Exception {
        DeadLetterShelf<String> news = new FileDeadLetterQueue(directory, mapper, clock).shelf("news", String.class);

        news.deadLetter(List.of(), "e", 0);

        assertThat(files()).isEmpty();
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> paths = Files.list(directory)) {
            return paths.sorted().toList();
        }
    }

    static Bar bar(String symbol, int minute) {
        return Bar.of(symbol, "1m", NOW.plusSeconds(60L * minute), 190.0, 192.0, 189.0, 191.5, 1000);
    }
}

package io.marketflow.store.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class JournalRecoveryTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Journal open() throws IOException {
        return Journal.open(dir, 1 << 20, JournalListener.NONE);
    }

    @Test
    void replaysEachKindThroughItsResubmitterInOrderAndSkipsWhatItCannotRead() throws Exception {
        try (Journal journal = open()) {
            JournalKind<String> bars = new JournalKind<>(journal, "bars", String.class, MAPPER);
            JournalKind<String> news = new JournalKind<>(journal, "news", String.class, MAPPER);
            bars.record(List.of("b1", "b2"));
            bars.record(List.of("b3"));
            journal.append("{not json".getBytes(StandardCharsets.UTF_8), 1);
            news.record(List.of("n1"));
            new JournalKind<>(journal, "ticks", String.class, MAPPER).record(List.of("t1"));
            bars.record(List.of("b4"));
        }

        List<List<String>> barSubmits = new ArrayList<>();
        List<List<String>> newsSubmits = new ArrayList<>();
        try (Journal journal = open()) {
            JournalRecovery recovery = new JournalRecovery(journal, MAPPER)
                    .target(new JournalKind<>(journal, "bars", String.class, MAPPER), barSubmits::add)
                    .target(new JournalKind<>(journal, "news", String.class, MAPPER), newsSubmits::add);

            JournalRecovery.Result result = recovery.replay(100);

            // Consecutive records of one kind go back together; a record of another kind starts a new submit.
            assertThat(barSubmits).containsExactly(List.of("b1", "b2", "b3"), List.of("b4"));
            assertThat(newsSubmits).containsExactly(List.of("n1"));
            assertThat(result.items()).isEqualTo(5);
            assertThat(result.unreadable())
                    .as("malformed JSON and an unknown kind")
                    .isEqualTo(2);
            assertThat(segments()).as("the replayed segments are deleted").isEmpty();
        }
    }

    @Test
    void aReplayThatFailsKeepsTheOldSegmentsForTheNextStart() throws Exception {
        try (Journal journal = open()) {
            new JournalKind<>(journal, "bars", String.class, MAPPER).record(List.of("b1"));
        }
        try (Journal journal = open()) {
            JournalRecovery recovery = new JournalRecovery(journal, MAPPER)
                    .target(new JournalKind<>(journal, "bars", String.class, MAPPER), items -> {
                        throw new IllegalStateException("the database is still migrating");
                    });
            try {
                recovery.replay(100);
            } catch (IllegalStateException expected) {
                // the caller refuses to start; the journal stays
            }
            assertThat(segments()).hasSize(1);
        }
        try (Journal journal = open()) {
            assertThat(journal.recovered()).hasSize(1);
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".journal")).toList();
        }
    }
}

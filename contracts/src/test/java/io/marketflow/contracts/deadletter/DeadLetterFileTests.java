package io.marketflow.contracts.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class DeadLetterFileTests {

    private static final Instant T0 = Instant.parse("2025-10-15T14:30:00Z");

    @TempDir
    Path directory;

    @Test
    void listsRecordsOfOneKindOldestFirstFromTheirNames() throws IOException {
        write(12, "bars", 3);
        write(2, "bars", 5);
        write(7, "news", 1);

        assertThat(DeadLetterFile.list(directory, "bars"))
                .extracting(DeadLetterFile.Listed::sequence, DeadLetterFile.Listed::kind, DeadLetterFile.Listed::items)
                .containsExactly(Tuple.tuple(2L, "bars", 5), Tuple.tuple(12L, "bars", 3));
        assertThat(DeadLetterFile.list(directory, null))
                .extracting(DeadLetterFile.Listed::sequence)
                .containsExactly(2L, 7L, 12L);
    }

    @Test
    void passesOverFilesNotNamedLikeARecord() throws IOException {
        write(1, "bars", 2);
        Files.writeString(directory.resolve(DeadLetterFile.name(T0, 2, "bars", 1) + DeadLetterFile.TEMP_SUFFIX), "{");
        Files.writeString(directory.resolve("notes.txt"), "x");

        assertThat(DeadLetterFile.list(directory, null))
                .extracting(DeadLetterFile.Listed::path)
                .containsExactly(directory.resolve(DeadLetterFile.name(T0, 1, "bars", 2)));
    }

    @Test
    void writesARecordAsOneJsonLineAndReadsItBack() throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        DeadLetterFile.Header header = new DeadLetterFile.Header(T0, "bars", null, "ibkr", "422 invalid", 2);

        String name = DeadLetterFile.write(mapper, directory, 5, header, List.of("a", "b"));

        assertThat(name).isEqualTo(DeadLetterFile.name(T0, 5, "bars", 2));
        assertThat(Files.readString(directory.resolve(name)))
                .isEqualTo("{\"time\":\"2025-10-15T14:30:00Z\",\"kind\":\"bars\",\"coordinator_id\":null,"
                        + "\"provider\":\"ibkr\",\"error\":\"422 invalid\",\"attempts\":2,\"items\":[\"a\",\"b\"]}\n");
        DeadLetterFile.Contents<String> read = DeadLetterFile.read(mapper, directory.resolve(name), String.class, 2);
        assertThat(read.header()).isEqualTo(header);
        assertThat(read.items()).containsExactly("a", "b");
    }

    @Test
    void leavesOutAProviderThatIsNotGiven() throws IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        DeadLetterFile.Header header = new DeadLetterFile.Header(T0, "news", "news-coord", null, "bad row", 0);

        String name = DeadLetterFile.write(mapper, directory, 1, header, List.of(1));

        assertThat(Files.readString(directory.resolve(name))).doesNotContain("provider");
        assertThat(DeadLetterFile.read(mapper, directory.resolve(name), Integer.class, 1)
                        .header())
                .isEqualTo(header);
    }

    @Test
    void aMissingDirectoryIsNoSuchFile() {
        assertThatThrownBy(() -> DeadLetterFile.list(directory.resolve("absent"), null))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aKindIsLowerCaseLettersDigitsAndUnderscores() {
        assertThat(DeadLetterFile.requireKind("option_snapshots2")).isEqualTo("option_snapshots2");
        for (String kind : new String[] {"", "Bars", "bars-1", "a".repeat(33)}) {
            assertThatThrownBy(() -> DeadLetterFile.requireKind(kind))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dead-letter kind must match");
        }
    }

    private void write(long seq, String kind, int items) throws IOException {
        DeadLetterFile.write(
                directory, DeadLetterFile.name(T0, seq, kind, items), "{}".getBytes(StandardCharsets.UTF_8));
    }
}

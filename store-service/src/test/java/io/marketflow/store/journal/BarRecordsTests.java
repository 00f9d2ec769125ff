package io.marketflow.store.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.contracts.Bar;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replay must give back exactly the bars that were acknowledged: every field, every null, every double's bits,
 * any string; and bars journaled as JSON by an earlier version must still come back after an upgrade.
 */
class BarRecordsTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void replayGivesBackExactlyTheBarsThatWereJournaled() throws Exception {
        Random random = new Random(3);
        List<List<Bar>> journaled = new ArrayList<>();
        try (Journal journal = open()) {
            JournalKind<Bar> bars = new JournalKind<>(journal, "bars", Bar.class, MAPPER);
            for (int n = 0; n < 2_000; n++) {
                List<Bar> request = new ArrayList<>();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    request.add(bar(random));
                }
                bars.record(request);
                journaled.add(request);
            }
        }

        List<Bar> replayed = replayBars();

        assertThat(replayed).isEqualTo(journaled.stream().flatMap(List::stream).toList());
    }

    @Test
    void barsJournaledAsJsonByAnEarlierVersionAreReplayed() throws Exception {
        Bar bar = new Bar(
                "AAPL", "1m", Instant.parse("2024-01-02T14:30:00Z"), 1.5, 2.0, 1.0, 1.75, 900.0, 1.6, 42L, "ibkr");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("kind", "bars");
        record.put("items", List.of(bar));
        try (Journal journal = open()) {
            journal.append(MAPPER.writeValueAsBytes(record), 1);
            new JournalKind<>(journal, "bars", Bar.class, MAPPER).record(List.of(bar));
        }

        assertThat(replayBars()).containsExactly(bar, bar);
    }

    @Test
    void aBarTakesAboutHalfTheBytesOfItsJson() {
        Bar bar = new Bar(
                "AAPL",
                "1m",
                Instant.parse("2024-01-02T14:30:00Z"),
                187.25,
                187.5,
                187.01,
                187.33,
                12500.0,
                187.29,
                131L,
                "polygon");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("kind", "bars");
        record.put("items", List.of(bar, bar, bar, bar));

        int binary = BarRecords.encode("bars", List.of(bar, bar, bar, bar)).length;
        int json = MAPPER.writeValueAsBytes(record).length;

        assertThat(binary).isLessThan(json * 6 / 10);
    }

    @Test
    void aCutOrPaddedRecordIsRefusedNotMisread() {
        byte[] whole = BarRecords.encode("bars", List.of(bar(new Random(5)), bar(new Random(6))));

        for (int length = 1; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> BarRecords.decode(cut)).isInstanceOf(RuntimeException.class);
        }
        assertThatThrownBy(() -> BarRecords.decode(Arrays.copyOf(whole, whole.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemsThatAreNotBarsAreLeftToJson() {
        assertThat(BarRecords.encode("bars", List.of("not a bar"))).isNull();
        assertThat(BarRecords.encode(
                        "bars",
                        List.of(new Bar(
                                "A", "1m", Instant.EPOCH, 1.0, 1.0, 1.0, 1.0, 0.0, null, null, "p".repeat(70_000)))))
                .as("a string longer than its two-byte length")
                .isNull();
    }

    private Journal open() throws IOException {
        return Journal.open(dir, 1 << 20, JournalListener.NONE);
    }

    private List<Bar> replayBars() throws Exception {
        List<Bar> replayed = new ArrayList<>();
        try (Journal journal = open()) {
            JournalRecovery.Result result = new JournalRecovery(journal, MAPPER)
                    .target(new JournalKind<>(journal, "bars", Bar.class, MAPPER), replayed::addAll)
                    .replay(Integer.MAX_VALUE);
            assertThat(result.unreadable()).isZero();
        }
        return replayed;
    }

    private static Bar bar(Random random) {
        Double[] values = new Double[6];
        for (int p = 0; p < values.length; p++) {
            values[p] = switch (random.nextInt(8)) {
                case 0 -> random.nextInt(100_000) / 100.0;
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                case 2 -> (double) random.nextInt(1_000_000);
                case 3 -> Double.MIN_VALUE * (1 + random.nextInt(1000));
                case 4 -> random.nextDouble() * 1e300;
                case 5 ->
                    List.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, -1.5).get(random.nextInt(4));
                case 6 -> null;
                default -> random.nextInt(10_000) / 100.0;
            };
        }
        Instant ts = random.nextInt(10) == 0
                ? null
                : Instant.ofEpochSecond(
                        random.nextLong(-5_000_000_000L, 300_000_000_000L),
                        random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
        return new Bar(
                string(random, "S" + random.nextInt(500)),
                string(
                        random,
                        List.of("1s", "5s", "1m", "5m", "15m", "1h", "1d").get(random.nextInt(7))),
                ts,
                values[0],
                values[1],
                values[2],
                values[3],
                values[4],
                values[5],
                random.nextBoolean() ? null : random.nextLong(),
                string(random, random.nextBoolean() ? "ibkr" : "prov\"ider\\ é ✓ 😀"));
    }

    /** Mostly the text, sometimes null or empty: a queued bar never holds those, but replay must not care. */
    private static String string(Random random, String text) {
        return switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> "";
            default -> text;
        };
    }
}

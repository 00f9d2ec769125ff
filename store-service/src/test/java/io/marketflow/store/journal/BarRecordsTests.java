package io.marketflow.store.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.Bar;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A journal record of bars written by hand must be the record Jackson writes, byte for byte, so that replay
 * (which reads it with Jackson) gets back exactly the bars that were acknowledged.
 */
class BarRecordsTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void writesWhatJacksonWritesAndReadsBackTheSameBars(@TempDir Path dir) throws IOException {
        Random random = new Random(3);
        try (Journal journal = Journal.open(dir, 1 << 20, JournalListener.NONE)) {
            checkAgainstJackson(new JournalKind<>(journal, "bars", Bar.class, MAPPER), random);
        }
    }

    private static void checkAgainstJackson(JournalKind<Bar> kind, Random random) {
        for (int n = 0; n < 2_000; n++) {
            List<Bar> bars = new ArrayList<>();
            for (int i = random.nextInt(4); i >= 0; i--) {
                bars.add(bar(random));
            }
            byte[] hand = BarRecords.encode("bars", bars);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", "bars");
            entry.put("items", bars);

            assertThat(hand).isNotNull();
            assertThat(new String(hand, java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(MAPPER.writeValueAsString(entry));
            assertThat(kind.items(MAPPER.readTree(hand))).isEqualTo(bars);
        }
    }

    @Test
    void leavesStringsThatNeedEscapingToJackson() {
        Bar quoted = new Bar("AAPL", "1m", Instant.EPOCH, 1.0, 1.0, 1.0, 1.0, 0.0, null, null, "a\"b");

        assertThat(BarRecords.encode("bars", List.of(quoted))).isNull();
    }

    private static Bar bar(Random random) {
        double[] prices = new double[6];
        for (int p = 0; p < prices.length; p++) {
            prices[p] = switch (random.nextInt(5)) {
                case 0 -> random.nextInt(100_000) / 100.0;
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                case 2 -> (double) random.nextInt(1_000_000);
                case 3 -> Double.MIN_VALUE * (1 + random.nextInt(1000));
                default -> random.nextDouble() * 1e300;
            };
        }
        Instant ts = Instant.ofEpochSecond(
                random.nextInt(2_000_000_000), random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
        return new Bar(
                "S" + random.nextInt(500),
                List.of("1s", "5s", "1m", "5m", "15m", "1h", "1d").get(random.nextInt(7)),
                ts,
                prices[0],
                prices[1],
                prices[2],
                prices[3],
                prices[4],
                random.nextBoolean() ? null : prices[5],
                random.nextBoolean() ? null : random.nextLong(),
                random.nextBoolean() ? null : "ibkr");
    }
}

package io.marketflow.store.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTests {

    private static final long SEED = 20261202L;

    @Test
    void writesInstantsAsInstantToStringDoes() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 50_000; i++) {
            long seconds = random.nextLong(-100_000_000_000L, 300_000_000_000L);
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(text(instant)).isEqualTo(instant.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1970-01-01T00:00:00Z",
                "1999-12-31T23:59:59.999999999Z",
                "2025-10-15T14:30:00.100Z",
                "2025-10-15T14:30:00.000100Z",
                "2025-10-15T14:30:00.000000001Z",
                "9999-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z"
            })
    void writesEdgeInstantsAsInstantToStringDoes(String text) {
        Instant instant = Instant.parse(text);

        assertThat(text(instant)).isEqualTo(instant.toString()).isEqualTo(text);
    }

    @Test
    void writesShortDecimalsAsDoubleToStringDoes() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 100_000; i++) {
            int places = random.nextInt(8);
            double value = random.nextLong((long) Math.pow(10, random.nextInt(1, 14))) / Math.pow(10, places);
            value = random.nextBoolean() ? value : -value;
            assertThat(text(value)).as("%s", value).isEqualTo(Double.toString(value));
        }
    }

    @Test
    void writesAnyOtherDoubleAsDoubleToStringDoes() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 50_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            assertThat(text(value)).isEqualTo(Double.toString(value));
        }
    }

    @ParameterizedTest
    @ValueSource(
            doubles = {
                0.0,
                -0.0,
                0.001,
                0.000999,
                1e7,
                9_999_999.999999,
                190.25,
                1000,
                0.1,
                0.3,
                1.0E-4,
                123456.789012,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                4.35,
                2.675
            })
    void writesEdgeDoublesAsDoubleToStringDoes(double value) {
        assertThat(text(value)).isEqualTo(Double.toString(value));
    }

    private static String text(Instant instant) {
        return JsonText.appendInstant(new StringBuilder(), instant).toString();
    }

    private static String text(double value) {
        return JsonText.appendDouble(new StringBuilder(), value).toString();
    }
}

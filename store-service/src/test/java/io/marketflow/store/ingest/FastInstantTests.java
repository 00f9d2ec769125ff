package io.marketflow.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written fast path agrees with {@code OffsetDateTime.parse} wherever it answers at all. */
class FastInstantTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-10-15T14:30:00Z",
                "2025-10-15T14:30:00.5Z",
                "2025-10-15T14:30:00.123456789Z",
                "2025-10-15T16:30:00+02:00",
                "2025-10-15T09:00:00-05:30",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999-18:00",
                "2024-02-29T12:00:00Z"
            })
    void parsesTheCommonShapeExactlyAsTheStandardParser(String text) {
        assertThat(FastInstant.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-10-15T14:30Z", // no seconds: valid ISO, left to the standard parser
                "2025-10-15t14:30:00z",
                "2025-10-15T14:30:00+0200",
                "2025-10-15T14:30:00+02",
                "2025-10-15T14:30:00",
                "2025-02-30T14:30:00Z",
                "2025-10-15T24:00:00Z",
                "2025-10-15T14:30:60Z",
                "2025-13-15T14:30:00Z",
                "2025-10-15T14:30:00.Z",
                "2025-10-15T14:30:00.1234567890Z",
                "+12025-10-15T14:30:00Z",
                "0000-12-31T23:59:59Z", // before 0001, which StrictTemporals refuses with its own message
                "2025-10-15T14:30:00+19:00",
                "２０２５-10-15T14:30:00Z"
            })
    void leavesEverythingElseToTheStandardParser(String text) {
        assertThat(FastInstant.parse(text)).isNull();
    }

    @Test
    void strictTemporalsKeepTheStandardErrors() {
        assertThatThrownBy(() -> StrictTemporals.instant("2025-02-30T14:30:00Z"))
                .isInstanceOf(DateTimeParseException.class);
        assertThat(StrictTemporals.instant("2025-10-15t14:30z")).isEqualTo(Instant.parse("2025-10-15T14:30:00Z"));
    }

    @Test
    void agreesWithTheStandardParserOnRandomTimestamps() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
            int offsetMinutes = (random.nextInt(37) - 18) * 60 + (random.nextBoolean() ? 30 : 0);
            String text = instant.atOffset(
                            java.time.ZoneOffset.ofTotalSeconds(Math.max(-64800, Math.min(64800, offsetMinutes * 60))))
                    .toString();
            Instant fast = FastInstant.parse(text);
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
            }
        }
    }
}

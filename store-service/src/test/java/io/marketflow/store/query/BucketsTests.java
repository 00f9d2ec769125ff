package io.marketflow.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BucketsTests {

    static Buckets of(String timeframe, ZoneId zone) {
        return Buckets.of(new BarQuery("A", timeframe, null, null, 10, zone));
    }

    @Test
    void alignsUpToUtcBucketsOfTheirSize() {
        Buckets hours = of("1h", ZoneId.of("Asia/Kolkata"));

        assertThat(hours.alignUp(Instant.parse("2025-03-07T15:07:00Z")))
                .isEqualTo(Instant.parse("2025-03-07T16:00:00Z"));
        assertThat(hours.alignUp(Instant.parse("2025-03-07T16:00:00Z")))
                .isEqualTo(Instant.parse("2025-03-07T16:00:00Z"));
        assertThat(of("15m", ZoneOffset.UTC).alignUp(Instant.parse("1969-12-31T23:50:00Z")))
                .isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
    }

    @Test
    void alignsDaysToLocalMidnightAcrossDst() {
        Buckets days = of("1d", ZoneId.of("America/New_York"));

        assertThat(days.zoned()).isTrue();
        assertThat(days.alignUp(Instant.parse("2025-03-09T12:00:00Z")))
                .isEqualTo(Instant.parse("2025-03-10T04:00:00Z"));
        assertThat(days.alignUp(Instant.parse("2025-03-08T05:00:00Z")))
                .isEqualTo(Instant.parse("2025-03-08T05:00:00Z"));
        assertThat(of("1d", ZoneId.of("UTC+02:00")).alignUp(Instant.parse("2025-03-08T21:00:00Z")))
                .isEqualTo(Instant.parse("2025-03-08T22:00:00Z"));
    }

    @Test
    void onlyFinerBarsThatCannotStraddleABucketTileIt() {
        assertThat(of("1d", ZoneId.of("America/New_York")).tiledBy("1h", null, null))
                .isTrue();
        assertThat(of("1d", ZoneId.of("Asia/Kolkata")).tiledBy("1h", null, null))
                .isFalse();
        assertThat(of("1d", ZoneId.of("Asia/Kolkata")).tiledBy("15m", null, null))
                .isTrue();
        assertThat(of("1d", ZoneId.of("Asia/Kathmandu")).tiledBy("15m", null, null))
                .isTrue();
        assertThat(of("1h", ZoneOffset.UTC).tiledBy("1h", null, null)).isFalse();
        assertThat(of("15m", ZoneOffset.UTC).tiledBy("5m", null, null)).isTrue();
        assertThat(of("1d", ZoneId.of("America/New_York"))
                        .partialSize("1m", null, null)
                        .toMinutes())
                .isEqualTo(60);
    }
}

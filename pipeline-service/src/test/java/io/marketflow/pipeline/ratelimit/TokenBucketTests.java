package io.marketflow.pipeline.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenBucketTests {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void startsFullSoTheWholeBurstIsAvailable() {
        TokenBucket bucket = TokenBucket.full(10, 5, 0);

        assertThat(bucket.has(10)).isTrue();
        assertThat(bucket.has(11)).isFalse();
    }

    @Test
    void refillsAtTheRatePerSecondUpToCapacity() {
        TokenBucket empty = TokenBucket.full(10, 5, 0).take(10);

        assertThat(empty.refill(SECOND).tokens()).isCloseTo(5, within(1e-9));
        assertThat(empty.refill(10 * SECOND).tokens()).isEqualTo(10);
    }

    @Test
    void saysHowLongUntilEnoughTokens() {
        TokenBucket empty = TokenBucket.full(10, 4, 0).take(10);

        assertThat(empty.nanosUntil(1)).isEqualTo(SECOND / 4);
        assertThat(empty.nanosUntil(2)).isEqualTo(SECOND / 2);
        assertThat(empty.refill(SECOND / 4).nanosUntil(1)).isZero();
    }

    @Test
    void waitsForeverAtRateZero() {
        TokenBucket paused = TokenBucket.full(10, 0, 0).take(10);

        assertThat(paused.nanosUntil(1)).isEqualTo(Long.MAX_VALUE);
        assertThat(paused.refill(1000 * SECOND).tokens()).isZero();
    }

    @Test
    void keepsTokensEarnedAtTheOldRateWhenTheRateChanges() {
        TokenBucket bucket = TokenBucket.full(100, 10, 0).take(100).withRate(2, SECOND);

        assertThat(bucket.tokens()).isCloseTo(10, within(1e-9));
        assertThat(bucket.refill(2 * SECOND).tokens()).isCloseTo(12, within(1e-9));
        assertThat(bucket.capacity()).isEqualTo(100);
    }

    @Test
    void ignoresAClockReadingOlderThanTheLastUpdate() {
        TokenBucket bucket = TokenBucket.full(10, 5, SECOND).take(10);

        assertThat(bucket.refill(0)).isSameAs(bucket);
    }

    @Test
    void rejectsANegativeRate() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TokenBucket.full(10, -1, 0))
                .withMessageContaining("ratePerSec");
    }
}

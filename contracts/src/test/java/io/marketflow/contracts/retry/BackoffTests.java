package io.marketflow.contracts.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTests {

    private static final Duration MS_50 = Duration.ofMillis(50);
    private static final Duration MS_2000 = Duration.ofMillis(2000);

    @Test
    void growsByTheMultiplierFromTheInitialWaitUpToTheCap() {
        Backoff backoff = new Backoff(MS_50, MS_2000, 2.0, 0.0);

        assertThat(backoff.delay(1)).isEqualTo(MS_50);
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(6)).isEqualTo(Duration.ofMillis(1600));
        assertThat(backoff.delay(7)).isEqualTo(MS_2000);
        assertThat(backoff.delay(10_000)).isEqualTo(MS_2000);
    }

    @Test
    void countsAttemptsFromOne() {
        Backoff backoff = Backoff.doubling(Duration.ofMillis(200), Duration.ofSeconds(10));

        assertThat(backoff.delay(0)).isEqualTo(backoff.delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(-5)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void honoursAFractionalMultiplier() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1.5, 0.0);

        assertThat(backoff.delay(3)).isEqualTo(Duration.ofMillis(225));
    }

    @Test
    void jitterSpreadsEachWaitAroundTheExponentialValue() {
        Backoff backoff = new Backoff(MS_50, MS_2000, 2.0, 0.5);

        assertThat(backoff.delay(2, fixed(0.0))).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff.delay(2, fixed(0.5))).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2, fixed(0.999_999_999))).isBetween(Duration.ofMillis(149), Duration.ofMillis(150));
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.delay(3, random)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
        }
    }

    @Test
    void capsAfterTheJitterSoALongOutageWaitsTheMaximum() {
        Backoff backoff = new Backoff(MS_50, MS_2000, 2.0, 0.5);

        assertThat(backoff.delay(30, fixed(0.0))).isEqualTo(MS_2000);
        assertThat(backoff.delay(6, fixed(0.999))).isEqualTo(MS_2000);
    }

    @Test
    void refusesSettingsThatCannotBackOff() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, MS_2000, 2.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> new Backoff(MS_2000, MS_50, 2.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max");
        assertThatThrownBy(() -> new Backoff(MS_50, MS_2000, 0.5, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(MS_50, MS_2000, 2.0, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jitter");
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}

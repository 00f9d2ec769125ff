package io.marketflow.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DrainRateTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final DrainRate rate = new DrainRate(now::get);

    @Test
    void estimatesFromTheRecentRate() {
        for (int second = 0; second < 5; second++) {
            rate.record(100);
            tick(Duration.ofSeconds(1));
        }

        assertThat(rate.perSecond()).isEqualTo(500.0 / 6);
        assertThat(rate.retryAfter(1000)).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void neverSaysLessThanOneSecondOrMoreThanAMinute() {
        rate.record(1000);

        assertThat(rate.retryAfter(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(rate.retryAfter(10)).isEqualTo(Duration.ofSeconds(1));
        assertThat(rate.retryAfter(10_000_000)).isEqualTo(Duration.ofSeconds(60));
    }

    /**
     * A store that stood idle before its first producer came (the pipeline starting seconds after it): the idle
     * seconds do not dilute the rate. They once did, and a batch refused in the first burst was told to come
     * back only after 10-20 s, so its provider sent nothing for that long while the others went on.
     */
    @Test
    void idleSecondsBeforeTheFirstDrainDoNotCount() {
        tick(Duration.ofSeconds(9));
        rate.record(1000);
        tick(Duration.ofMillis(500));

        assertThat(rate.perSecond()).isEqualTo(1000.0);
        assertThat(rate.retryAfter(1000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void forgetsWhatDrainedMoreThanTenSecondsAgo() {
        rate.record(1000);
        tick(Duration.ofSeconds(11));

        assertThat(rate.perSecond()).isZero();
        assertThat(rate.retryAfter(100)).isEqualTo(DrainRate.UNKNOWN_RETRY_AFTER);
    }

    private void tick(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}

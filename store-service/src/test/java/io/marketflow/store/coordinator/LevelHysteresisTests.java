package io.marketflow.store.coordinator;

import static io.marketflow.contracts.BackpressureLevel.HARD;
import static io.marketflow.contracts.BackpressureLevel.OK;
import static io.marketflow.contracts.BackpressureLevel.SOFT;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.contracts.BackpressureLevel;
import java.time.Duration;
import java.util.Random;
import java.util.function.LongToIntFunction;
import org.junit.jupiter.api.Test;

class LevelHysteresisTests {

    // The contract's defaults: capacity 10 000, high 8000, low 5000; band 1500: hard until <= 6500, soft until <= 3500.
    private static final int HIGH = 8_000;
    private static final int LOW = 5_000;
    private static final Duration DWELL = Duration.ofSeconds(1);
    private static final long MS = 1_000_000L;

    private final LevelHysteresis levels = new LevelHysteresis(LOW, HIGH, DWELL.toNanos(), 0);

    @Test
    void worsensAtTheContractsWatermarksAtOnce() {
        assertThat(levels.update(LOW, 1)).isEqualTo(OK);
        assertThat(levels.update(LOW + 1, 2)).isEqualTo(SOFT);
        assertThat(levels.update(HIGH - 1, 3)).isEqualTo(SOFT);
        assertThat(levels.update(HIGH, 4))
                .as("hard on entry at the high watermark, dwell or not")
                .isEqualTo(HARD);
    }

    @Test
    void jumpsStraightFromOkToHard() {
        assertThat(levels.update(HIGH + 100, 1)).isEqualTo(HARD);
    }

    @Test
    void leavesHardOnlyAtTheExitLineAndAfterTheDwell() {
        levels.update(HIGH, 0);

        assertThat(levels.hardExit()).isEqualTo(6_500);
        assertThat(levels.update(6_000, 500 * MS))
                .as("below the line, dwell not over")
                .isEqualTo(HARD);
        assertThat(levels.update(6_501, 1_000 * MS))
                .as("dwell over, not below the line")
                .isEqualTo(HARD);
        assertThat(levels.update(6_500, 1_001 * MS)).isEqualTo(SOFT);
    }

    @Test
    void returnsToOkOnlyBelowTheBandUnderTheLowWatermark() {
        levels.update(LOW + 1, 0);

        assertThat(levels.okReturn()).isEqualTo(3_500);
        assertThat(levels.update(LOW, 2_000 * MS))
                .as("at the low watermark, still soft")
                .isEqualTo(SOFT);
        assertThat(levels.update(3_501, 3_000 * MS)).isEqualTo(SOFT);
        assertThat(levels.update(3_500, 4_000 * MS)).isEqualTo(OK);
    }

    @Test
    void relaxesStraightFromHardToOkWhenTheQueueEmptiedDuringTheDwell() {
        levels.update(HIGH, 0);
        assertThat(levels.update(0, 10 * MS)).isEqualTo(HARD);

        assertThat(levels.update(0, 1_000 * MS)).as("time alone relaxes it").isEqualTo(OK);
    }

    @Test
    void aNarrowBandStillHasTheDwell() {
        LevelHysteresis narrow = new LevelHysteresis(4, 5, DWELL.toNanos(), 0);

        assertThat(narrow.update(5, 0)).isEqualTo(HARD);
        assertThat(narrow.update(4, 999 * MS)).isEqualTo(HARD);
        assertThat(narrow.update(4, 1_000 * MS))
                .as("no band: the low watermark itself")
                .isEqualTo(OK);
    }

    @Test
    void aQueueWobblingAroundTheHighWatermarkWithinTheBandChangesTheLevelOnce() {
        // +-1000 items around 8000, 20 times a second, for a minute: the old rule flapped on every crossing.
        int changes = changesPerMinute(levels, t -> HIGH + (int) Math.round(1_000 * Math.sin(t * 2 * Math.PI / 50e6)));

        assertThat(changes).isEqualTo(1);
        assertThat(levels.level()).isEqualTo(HARD);
    }

    @Test
    void aQueueWobblingAroundTheLowWatermarkWithinTheBandChangesTheLevelOnce() {
        int changes = changesPerMinute(levels, t -> LOW + (int) Math.round(1_000 * Math.sin(t * 2 * Math.PI / 50e6)));

        assertThat(changes).isEqualTo(1);
        assertThat(levels.level()).isEqualTo(SOFT);
    }

    @Test
    void aQueueSwingingAcrossTheWholeBandChangesTheLevelAtMostTwicePerDwell() {
        // 3000 <-> 9000 ten times a second: every swing crosses both exit lines; hard -> ok, then ok -> hard.
        int changes = changesPerMinute(levels, t -> (t / (50 * MS)) % 2 == 0 ? 9_000 : 3_000);

        assertThat(changes).isPositive().isLessThanOrEqualTo(2 * 60 + 1);
    }

    @Test
    void noiseAroundEitherWatermarkStaysWithinTheBound() {
        Random random = new Random(11);
        for (int watermark : new int[] {LOW, HIGH}) {
            LevelHysteresis fresh = new LevelHysteresis(LOW, HIGH, DWELL.toNanos(), 0);
            int changes = changesPerMinute(fresh, t -> Math.max(0, watermark + (int) (random.nextGaussian() * 2_000)));

            assertThat(changes).as("around %d", watermark).isLessThanOrEqualTo(maxChangesPerMinute(DWELL));
        }
    }

    @Test
    void aLongerDwellLowersTheBoundProportionally() {
        Duration dwell = Duration.ofSeconds(5);
        LevelHysteresis slow = new LevelHysteresis(LOW, HIGH, dwell.toNanos(), 0);

        int changes = changesPerMinute(slow, t -> (t / (50 * MS)) % 2 == 0 ? 9_000 : 3_000);

        assertThat(changes).isLessThanOrEqualTo(2 * 12 + 1);
    }

    /**
     * One relaxation per dwell at most, each followed by at most two worsenings (ok -> soft -> hard), plus the
     * two worsenings from the start.
     */
    private static int maxChangesPerMinute(Duration dwell) {
        return (int) (3 * Duration.ofMinutes(1).toNanos() / dwell.toNanos()) + 2;
    }

    /** Samples the queue size every 5 ms of virtual time for one minute and counts level changes. */
    private static int changesPerMinute(LevelHysteresis levels, LongToIntFunction sizeAt) {
        BackpressureLevel last = levels.level();
        int changes = 0;
        for (long t = 0; t <= Duration.ofMinutes(1).toNanos(); t += 5 * MS) {
            BackpressureLevel now = levels.update(sizeAt.applyAsInt(t), t);
            if (now != last) {
                changes++;
                last = now;
            }
        }
        return changes;
    }
}

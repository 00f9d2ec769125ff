package io.marketflow.pipeline.feedback;

import static io.marketflow.contracts.BackpressureLevel.HARD;
import static io.marketflow.contracts.BackpressureLevel.OK;
import static io.marketflow.contracts.BackpressureLevel.SOFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AimdPolicyTests {

    private static final Duration LONG_AGO = Duration.ofMinutes(1);
    private final AimdPolicy policy = new AimdPolicy(0.1, 0.5, 0.05, 0.25, Duration.ofSeconds(2));

    @Test
    void increasesAdditivelyWhileOkUpToOne() {
        assertThat(policy.next(0.5, OK, LONG_AGO)).isEqualTo(0.6);
        assertThat(policy.next(0.95, OK, LONG_AGO)).isEqualTo(1.0);
        assertThat(policy.next(1.0, OK, LONG_AGO)).isEqualTo(1.0);
    }

    @Test
    void decreasesMultiplicativelyOnSoftButNeverBelowTheMinimum() {
        assertThat(policy.next(0.4, SOFT, LONG_AGO)).isEqualTo(0.2);
        assertThat(policy.next(0.06, SOFT, LONG_AGO)).isEqualTo(0.05);
        assertThat(policy.next(0.0, SOFT, LONG_AGO)).isEqualTo(0.05);
    }

    @Test
    void boundsEachStep() {
        assertThat(policy.next(1.0, SOFT, LONG_AGO)).isEqualTo(0.75);
    }

    @Test
    void pausesOnHardAtOnceEvenWithinTheMinimumInterval() {
        assertThat(policy.next(1.0, HARD, Duration.ZERO)).isEqualTo(0.0);
    }

    @Test
    void holdsTheScaleWithinTheMinimumIntervalBetweenChanges() {
        assertThat(policy.next(0.5, OK, Duration.ofMillis(1999))).isEqualTo(0.5);
        assertThat(policy.next(0.5, SOFT, Duration.ofMillis(1999))).isEqualTo(0.5);
        assertThat(policy.next(0.5, OK, Duration.ofSeconds(2))).isEqualTo(0.6);
    }

    @Test
    void climbsBackFromAPauseStepByStep() {
        double scale = 0.0;
        for (int i = 0; i < 10; i++) {
            scale = policy.next(scale, OK, LONG_AGO);
        }
        assertThat(scale).isEqualTo(1.0);
    }

    @Test
    void rejectsADecreaseFactorThatWouldNotDecrease() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AimdPolicy(0.1, 1.0, 0.05, 0.25, Duration.ZERO))
                .withMessageContaining("decreaseFactor");
    }
}

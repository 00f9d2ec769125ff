package io.marketflow.contracts;

import static io.marketflow.contracts.BackpressureLevel.HARD;
import static io.marketflow.contracts.BackpressureLevel.OK;
import static io.marketflow.contracts.BackpressureLevel.SOFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackpressureLevelTests {

    @ParameterizedTest(name = "queue of {0} with watermarks 5000/8000 is {1}")
    @CsvSource({"0, OK", "4999, OK", "5000, OK", "5001, SOFT", "7999, SOFT", "8000, HARD", "10000, HARD"})
    void isOkUpToTheLowWatermarkHardFromTheHighWatermarkAndSoftBetween(int size, BackpressureLevel expected) {
        assertThat(BackpressureLevel.of(size, 5000, 8000)).isEqualTo(expected);
    }

    @Test
    void isHardAtAWatermarkThatIsBothLowAndHigh() {
        assertThat(BackpressureLevel.of(99, 100, 100)).isEqualTo(OK);
        assertThat(BackpressureLevel.of(100, 100, 100)).isEqualTo(HARD);
    }

    @Test
    void rejectsALowWatermarkAboveTheHighOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BackpressureLevel.of(1, 8000, 5000))
                .withMessageContaining("8000")
                .withMessageContaining("5000");
    }

    @Test
    void worstPicksTheMoreSevereLevel() {
        assertThat(OK.worst(SOFT)).isEqualTo(SOFT);
        assertThat(HARD.worst(SOFT)).isEqualTo(HARD);
        assertThat(SOFT.worst(OK)).isEqualTo(SOFT);
        assertThat(OK.worst(OK)).isEqualTo(OK);
    }

    @Test
    void hasLowerCaseWireNames() {
        assertThat(OK.wireName()).isEqualTo("ok");
        assertThat(SOFT.wireName()).isEqualTo("soft");
        assertThat(HARD.wireName()).isEqualTo("hard");
        assertThat(BackpressureLevel.fromWire("hard")).isEqualTo(HARD);
        assertThatIllegalArgumentException().isThrownBy(() -> BackpressureLevel.fromWire("critical"));
    }
}

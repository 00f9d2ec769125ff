package io.marketflow.contracts;

import static io.marketflow.contracts.WireValidation.brokenFields;
import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedbackEventValidationTests {

    private static final FeedbackEvent VALID = new FeedbackEvent(
            "bars-coord", 8234, 10_000, BackpressureLevel.HARD, null, Instant.parse("2025-10-15T14:30:00Z"), 42);

    @Test
    void acceptsTheContractExample() {
        assertThat(brokenFields(VALID)).isEmpty();
        assertThat(brokenFields(with(VALID, "reason", "queue above high watermark")))
                .isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "bars coord", "bars/coord", "bärs"})
    void rejectsCoordinatorIdsThatAreBlankOrHaveOtherCharacters(String coordinatorId) {
        assertThat(brokenFields(with(VALID, "coordinatorId", coordinatorId))).containsExactly("coordinator_id");
    }

    @Test
    void limitsCoordinatorIdTo64Characters() {
        assertThat(brokenFields(with(VALID, "coordinatorId", "c".repeat(64)))).isEmpty();
        assertThat(brokenFields(with(VALID, "coordinatorId", "c".repeat(65)))).containsExactly("coordinator_id");
    }

    @Test
    void rejectsNegativeCounts() {
        assertThat(brokenFields(with(VALID, "queueSize", -1))).containsExactly("queue_size");
        assertThat(brokenFields(with(VALID, "capacity", -1))).containsExactly("capacity");
        assertThat(brokenFields(with(VALID, "seq", -1L))).containsExactly("seq");
    }

    @Test
    void requiresLevelAndTimestamp() {
        assertThat(brokenFields(with(VALID, "level", null))).containsExactly("level");
        assertThat(brokenFields(with(VALID, "ts", null))).containsExactly("ts");
    }

    @Test
    void limitsReasonTo256Characters() {
        assertThat(brokenFields(with(VALID, "reason", "r".repeat(256)))).isEmpty();
        assertThat(brokenFields(with(VALID, "reason", "r".repeat(257)))).containsExactly("reason");
    }
}

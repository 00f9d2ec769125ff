package io.marketflow.contracts;

import static io.marketflow.contracts.WireValidation.brokenFields;
import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionSnapshotValidationTests {

    private static final OptionSnapshot VALID = new OptionSnapshot(
            "AAPL",
            LocalDate.parse("2025-12-19"),
            200.0,
            "C",
            Instant.parse("2025-10-15T14:30:00Z"),
            3.10,
            3.20,
            3.15,
            0.27,
            0.41,
            0.03,
            12_000L,
            850L);

    private static final OptionSnapshot MINIMAL = new OptionSnapshot(
            "AAPL", VALID.expiry(), 200.0, "P", VALID.ts(), null, null, null, null, null, null, null, null);

    @Test
    void acceptsAFullSnapshotAndOneWithOnlyTheKey() {
        assertThat(brokenFields(VALID)).isEmpty();
        assertThat(brokenFields(MINIMAL)).isEmpty();
    }

    @Test
    void requiresEveryKeyField() {
        assertThat(brokenFields(with(VALID, "symbol", null))).containsExactly("symbol");
        assertThat(brokenFields(with(VALID, "expiry", null))).containsExactly("expiry");
        assertThat(brokenFields(with(VALID, "strike", null))).containsExactly("strike");
        assertThat(brokenFields(with(VALID, "right", null))).containsExactly("right");
        assertThat(brokenFields(with(VALID, "ts", null))).containsExactly("ts");
    }

    @Test
    void rejectsUnderlyingSymbolOutsideTheSymbolRule() {
        assertThat(brokenFields(with(VALID, "symbol", "AA PL"))).containsExactly("symbol");
        assertThat(brokenFields(with(VALID, "symbol", "x".repeat(33)))).containsExactly("symbol");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"c", "p", "CALL", "PUT", "CP", "X"})
    void rightMustBeCOrP(String right) {
        assertThat(brokenFields(with(VALID, "right", right))).containsExactly("right");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -5.0, Double.NaN, Double.POSITIVE_INFINITY})
    void strikeMustBeAFinitePositivePrice(double strike) {
        assertThat(brokenFields(with(VALID, "strike", strike))).containsExactly("strike");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bid", "ask", "last", "iv"})
    void quoteFieldsMayBeZeroButNotNegativeOrNonFinite(String field) {
        assertThat(brokenFields(with(VALID, field, 0.0))).isEmpty();
        assertThat(brokenFields(with(VALID, field, -0.01))).containsExactly(field);
        assertThat(brokenFields(with(VALID, field, Double.NaN))).containsExactly(field);
        assertThat(brokenFields(with(VALID, field, Double.POSITIVE_INFINITY))).containsExactly(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"delta", "gamma"})
    void greeksMayBeNegativeButMustBeFinite(String field) {
        assertThat(brokenFields(with(VALID, field, -0.5))).isEmpty();
        assertThat(brokenFields(with(VALID, field, Double.NaN))).containsExactly(field);
        assertThat(brokenFields(with(VALID, field, Double.NEGATIVE_INFINITY))).containsExactly(field);
    }

    @Test
    void openInterestAndVolumeMustNotBeNegative() {
        assertThat(brokenFields(with(VALID, "openInterest", 0L))).isEmpty();
        assertThat(brokenFields(with(VALID, "openInterest", -1L))).containsExactly("open_interest");
        assertThat(brokenFields(with(VALID, "volume", -1L))).containsExactly("volume");
    }

    @Test
    void acceptsCrossedQuotesBecauseMarketsProduceThem() {
        OptionSnapshot crossed = with(with(VALID, "bid", 3.30), "ask", 3.20);
        assertThat(brokenFields(crossed)).isEmpty();
    }
}

package io.marketflow.contracts;

import static io.marketflow.contracts.WireValidation.brokenFields;
import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FundamentalsValidationTests {

    private static final Fundamentals VALID = new Fundamentals(
            "AAPL", LocalDate.parse("2025-09-30"), 3.5e12, 34.2, 6.59, 4.16e11, 1.12e11, 14_800_000_000L);

    @Test
    void acceptsFullFundamentalsAndOnesWithOnlyTheKey() {
        assertThat(brokenFields(VALID)).isEmpty();
        assertThat(brokenFields(new Fundamentals("AAPL", VALID.asOf(), null, null, null, null, null, null)))
                .isEmpty();
    }

    @Test
    void requiresSymbolAndAsOf() {
        assertThat(brokenFields(with(VALID, "symbol", null))).containsExactly("symbol");
        assertThat(brokenFields(with(VALID, "symbol", "AAPL!"))).containsExactly("symbol");
        assertThat(brokenFields(with(VALID, "asOf", null))).containsExactly("as_of");
    }

    @Test
    void marketCapMustBeFiniteAndNotNegative() {
        assertThat(brokenFields(with(VALID, "marketCap", 0.0))).isEmpty();
        assertThat(brokenFields(with(VALID, "marketCap", -1.0))).containsExactly("market_cap");
        assertThat(brokenFields(with(VALID, "marketCap", Double.POSITIVE_INFINITY)))
                .containsExactly("market_cap");
    }

    @ParameterizedTest
    @CsvSource({"peRatio, pe_ratio", "eps, eps", "revenue, revenue", "netIncome, net_income"})
    void earningsFiguresMayBeNegativeButMustBeFinite(String field, String json) {
        assertThat(brokenFields(with(VALID, field, -3.0))).isEmpty();
        assertThat(brokenFields(with(VALID, field, Double.NaN))).containsExactly(json);
        assertThat(brokenFields(with(VALID, field, Double.NEGATIVE_INFINITY))).containsExactly(json);
    }

    @Test
    void sharesOutstandingMustNotBeNegative() {
        assertThat(brokenFields(with(VALID, "sharesOutstanding", -1L))).containsExactly("shares_outstanding");
    }
}

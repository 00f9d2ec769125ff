package io.marketflow.contracts;

import static io.marketflow.contracts.WireValidation.brokenFields;
import static io.marketflow.testkit.RecordCopies.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BarValidationTests {

    // The example bar of the contract.
    private static final Bar VALID =
            Bar.of("AAPL", "1m", Instant.parse("2025-10-15T14:30:00Z"), 190.0, 192.0, 189.0, 191.5, 1000);

    @Test
    void acceptsTheContractExample() {
        assertThat(brokenFields(VALID)).isEmpty();
    }

    @Test
    void acceptsOptionalFields() {
        Bar bar = new Bar("AAPL", "1m", VALID.ts(), 190.0, 192.0, 189.0, 191.5, 1000.0, 190.7, 42L, "ibkr");
        assertThat(brokenFields(bar)).isEmpty();
    }

    /** {@code field} set to each of {@code values}. */
    private static Stream<Arguments> each(String field, String... values) {
        return Stream.of(values).map(value -> Arguments.of(field, value));
    }

    /** The timeframes and symbols the contract allows. */
    static Stream<Arguments> allowedTimeframesAndSymbols() {
        return Stream.concat(
                each("timeframe", "1s", "5s", "1m", "5m", "15m", "1h", "1d"),
                each(
                        "symbol",
                        "A",
                        "BRK.B",
                        "BTC/USD",
                        "ES:CME",
                        "SPX_W",
                        "EUR-USD",
                        "abcdefghijklmnopqrstuvwxyz012345"));
    }

    /** Timeframes outside the contract's list; symbols empty, longer than 32 or with other characters. */
    static Stream<Arguments> otherTimeframesAndSymbols() {
        return Stream.concat(
                each("timeframe", null, "", "2m", "30m", "1w", "1M", "1H", " 1m", "1m ", "1m|5m"),
                each(
                        "symbol",
                        null,
                        "",
                        "abcdefghijklmnopqrstuvwxyz0123456",
                        "AA PL",
                        "AAPL$",
                        "ÄPPL",
                        "AAPL\n",
                        "a*b"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("allowedTimeframesAndSymbols")
    void acceptsEveryTimeframeOfTheContractAndSymbolsOfUpTo32AllowedCharacters(String field, String value) {
        assertThat(brokenFields(with(VALID, field, value))).isEmpty();
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @MethodSource("otherTimeframesAndSymbols")
    void rejectsOtherTimeframesAndSymbols(String field, String value) {
        assertThat(brokenFields(with(VALID, field, value))).containsExactly(field);
    }

    @Test
    void rejectsMissingTimestamp() {
        assertThat(brokenFields(with(VALID, "ts", null))).containsExactly("ts");
    }

    static Stream<Arguments> prices() {
        return Stream.of("open", "high", "low", "close").map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("prices")
    void rejectsPricesThatAreNotAboveZero(String price) {
        assertThat(brokenFields(with(VALID, price, 0.0))).contains(price);
        assertThat(brokenFields(with(VALID, price, -1.0))).contains(price);
    }

    @ParameterizedTest
    @MethodSource("prices")
    void rejectsMissingOrNonFinitePricesOnceAndOnlyThere(String price) {
        assertThat(brokenFields(with(VALID, price, null))).containsExactly(price);
        assertThat(brokenFields(with(VALID, price, Double.NaN))).containsExactly(price);
        assertThat(brokenFields(with(VALID, price, Double.POSITIVE_INFINITY))).containsExactly(price);
        assertThat(brokenFields(with(VALID, price, Double.NEGATIVE_INFINITY))).containsExactly(price);
    }

    /** A bar whose prices contradict each other, and the one field at fault. */
    static Stream<Arguments> contradictoryPrices() {
        return Stream.of(
                Arguments.of("low above open", with(VALID, "low", 190.5), "low"),
                Arguments.of("low above close", barWithPrices(191.5, 192.0, 190.0, 189.0), "low"),
                Arguments.of("high below close", with(VALID, "high", 191.0), "high"),
                Arguments.of("high below open", barWithPrices(191.5, 191.0, 188.0, 189.0), "high"),
                Arguments.of("high below low", with(VALID, "high", 100.0), "high"));
    }

    private static Bar barWithPrices(double open, double high, double low, double close) {
        return Bar.of("AAPL", "1m", VALID.ts(), open, high, low, close, 10);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contradictoryPrices")
    void rejectsBarWhosePricesContradictEachOtherNamingTheFieldAtFault(String name, Bar bar, String field) {
        assertThat(brokenFields(bar)).containsExactly(field);
    }

    @Test
    void acceptsFlatBarWhereAllPricesAreEqual() {
        assertThat(brokenFields(Bar.of("AAPL", "1m", VALID.ts(), 5.0, 5.0, 5.0, 5.0, 0)))
                .isEmpty();
    }

    @Test
    void acceptsZeroVolumeAndRejectsNegativeMissingOrNonFiniteVolume() {
        assertThat(brokenFields(with(VALID, "volume", 0.0))).isEmpty();
        assertThat(brokenFields(with(VALID, "volume", -1.0))).containsExactly("volume");
        assertThat(brokenFields(with(VALID, "volume", null))).containsExactly("volume");
        assertThat(brokenFields(with(VALID, "volume", Double.NaN))).containsExactly("volume");
        assertThat(brokenFields(with(VALID, "volume", Double.POSITIVE_INFINITY)))
                .containsExactly("volume");
    }

    @Test
    void vwapIsOptionalButMustBeAFinitePriceWhenPresent() {
        assertThat(brokenFields(with(VALID, "vwap", null))).isEmpty();
        assertThat(brokenFields(with(VALID, "vwap", 0.0))).containsExactly("vwap");
        assertThat(brokenFields(with(VALID, "vwap", Double.NaN))).containsExactly("vwap");
        assertThat(brokenFields(with(VALID, "vwap", Double.POSITIVE_INFINITY))).containsExactly("vwap");
    }

    @Test
    void tradeCountIsOptionalButNotNegative() {
        assertThat(brokenFields(with(VALID, "tradeCount", null))).isEmpty();
        assertThat(brokenFields(with(VALID, "tradeCount", 0L))).isEmpty();
        assertThat(brokenFields(with(VALID, "tradeCount", -1L))).containsExactly("trade_count");
    }

    @Test
    void providerIsOptionalAndAtMost64Characters() {
        assertThat(brokenFields(with(VALID, "provider", null))).isEmpty();
        assertThat(brokenFields(with(VALID, "provider", "p".repeat(64)))).isEmpty();
        assertThat(brokenFields(with(VALID, "provider", "p".repeat(65)))).containsExactly("provider");
    }
}

package io.marketflow.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * One OHLCV bar. Key: (symbol, timeframe, ts); re-sending a bar with the same key overwrites it.
 *
 * <p>Validation is declarative so the ingest edge can report every broken field at once. Each rule is attached
 * to the one field it is about; the cross-field rules are {@code is<Field>Valid()} methods, which
 * {@link Violations#wireField} reports under that field's JSON name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Bar(
        @NotNull @Pattern(regexp = Timeframes.SYMBOL_PATTERN, message = Timeframes.SYMBOL_MESSAGE)
        String symbol,

        @NotNull @Pattern(regexp = Timeframes.PATTERN, message = "must be one of 1s 5s 1m 5m 15m 1h 1d")
        String timeframe,

        @NotNull Instant ts,
        @NotNull @Positive @Finite Double open,
        @NotNull @Positive @Finite Double high,
        @NotNull @Positive @Finite Double low,
        @NotNull @Positive @Finite Double close,
        @NotNull @PositiveOrZero @Finite Double volume,
        @Positive @Finite Double vwap,
        @JsonProperty("trade_count") @PositiveOrZero Long tradeCount,
        @Size(max = 64) String provider) {

    /** A bar with only the required fields. */
    public static Bar of(
            String symbol,
            String timeframe,
            Instant ts,
            double open,
            double high,
            double low,
            double close,
            double volume) {
        return new Bar(symbol, timeframe, ts, open, high, low, close, volume, null, null, null);
    }

    @JsonIgnore
    @AssertTrue(message = "must be >= max(open, close)")
    boolean isHighValid() {
        return ordered(open, high) && ordered(close, high);
    }

    @JsonIgnore
    @AssertTrue(message = "must be <= min(open, close)")
    boolean isLowValid() {
        return ordered(low, open) && ordered(low, close);
    }

    // A missing or non-finite price already has its own violation; comparing it as well would report it twice.
    private static boolean ordered(Double lower, Double upper) {
        return lower == null || upper == null || !Double.isFinite(lower) || !Double.isFinite(upper) || lower <= upper;
    }
}

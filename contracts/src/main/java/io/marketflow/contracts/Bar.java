package io.marketflow.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * One OHLCV bar. Key: (symbol, timeframe, ts); re-sending a bar with the same key overwrites it.
 * Validation is declarative so the ingest edge can report every broken field at once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Bar(
        @NotNull
        @Pattern(regexp = Timeframes.SYMBOL_PATTERN, message = "must be 1..32 characters of A-Z a-z 0-9 . _ : / -")
        String symbol,

        @NotNull @Pattern(regexp = Timeframes.PATTERN, message = "must be one of 1s 5s 1m 5m 15m 1h 1d")
        String timeframe,

        @NotNull Instant ts,
        @NotNull Double open,
        @NotNull Double high,
        @NotNull Double low,
        @NotNull Double close,
        @NotNull @PositiveOrZero Double volume,
        Double vwap,
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
    @AssertTrue(message = "open must be a finite number > 0")
    boolean isOpenValid() {
        return Prices.valid(open);
    }

    @JsonIgnore
    @AssertTrue(message = "high must be a finite number > 0 and >= max(open, close)")
    boolean isHighValid() {
        return Prices.valid(high) && (open == null || high >= open) && (close == null || high >= close);
    }

    @JsonIgnore
    @AssertTrue(message = "low must be a finite number > 0 and <= min(open, close)")
    boolean isLowValid() {
        return Prices.valid(low) && (open == null || low <= open) && (close == null || low <= close);
    }

    @JsonIgnore
    @AssertTrue(message = "close must be a finite number > 0")
    boolean isCloseValid() {
        return Prices.valid(close);
    }

    @JsonIgnore
    @AssertTrue(message = "volume must be a finite number >= 0")
    boolean isVolumeValid() {
        return volume == null || Double.isFinite(volume);
    }

    @JsonIgnore
    @AssertTrue(message = "vwap must be a finite number > 0 when present")
    boolean isVwapValid() {
        return vwap == null || Prices.valid(vwap);
    }
}

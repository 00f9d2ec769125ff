package io.marketflow.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.time.LocalDate;

/** A quote of one option contract at one time. Key: (symbol, expiry, strike, right, ts). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptionSnapshot(
        @NotNull
        @Pattern(regexp = Timeframes.SYMBOL_PATTERN, message = "must be 1..32 characters of A-Z a-z 0-9 . _ : / -")
        String symbol,

        @NotNull LocalDate expiry,
        @NotNull Double strike,

        @NotNull @Pattern(regexp = "C|P", message = "must be C or P")
        String right,

        @NotNull Instant ts,
        @PositiveOrZero Double bid,
        @PositiveOrZero Double ask,
        @PositiveOrZero Double last,
        @PositiveOrZero Double iv,
        Double delta,
        Double gamma,
        @JsonProperty("open_interest") @PositiveOrZero Long openInterest,
        @PositiveOrZero Long volume) {

    @JsonIgnore
    @AssertTrue(message = "strike must be a finite number > 0")
    boolean isStrikeValid() {
        return Prices.valid(strike);
    }

    @JsonIgnore
    @AssertTrue(message = "bid, ask, last, iv, delta and gamma must be finite numbers")
    boolean isFinite() {
        return Prices.finite(bid)
                && Prices.finite(ask)
                && Prices.finite(last)
                && Prices.finite(iv)
                && Prices.finite(delta)
                && Prices.finite(gamma);
    }

    @JsonIgnore
    @AssertTrue(message = "ask must be >= bid")
    boolean isAskAboveBid() {
        return bid == null || ask == null || ask >= bid;
    }
}

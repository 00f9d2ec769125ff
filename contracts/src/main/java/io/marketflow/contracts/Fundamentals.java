package io.marketflow.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.LocalDate;

/** Company fundamentals as of one date. Key: (symbol, as_of). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fundamentals(
        @NotNull
        @Pattern(regexp = Timeframes.SYMBOL_PATTERN, message = "must be 1..32 characters of A-Z a-z 0-9 . _ : / -")
        String symbol,

        @JsonProperty("as_of") @NotNull LocalDate asOf,
        @JsonProperty("market_cap") @PositiveOrZero Double marketCap,
        @JsonProperty("pe_ratio") Double peRatio,
        Double eps,
        Double revenue,
        @JsonProperty("net_income") Double netIncome,
        @JsonProperty("shares_outstanding") @PositiveOrZero Long sharesOutstanding) {

    @JsonIgnore
    @AssertTrue(message = "market_cap, pe_ratio, eps, revenue and net_income must be finite numbers")
    boolean isFinite() {
        return Prices.finite(marketCap)
                && Prices.finite(peRatio)
                && Prices.finite(eps)
                && Prices.finite(revenue)
                && Prices.finite(netIncome);
    }
}

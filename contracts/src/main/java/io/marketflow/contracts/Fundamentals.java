package io.marketflow.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.LocalDate;

/** Company fundamentals as of one date. Key: (symbol, as_of). Earnings figures may be negative. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fundamentals(
        @NotNull @Pattern(regexp = Timeframes.SYMBOL_PATTERN, message = Timeframes.SYMBOL_MESSAGE)
        String symbol,

        @JsonProperty("as_of") @NotNull LocalDate asOf,
        @JsonProperty("market_cap") @PositiveOrZero @Finite Double marketCap,
        @JsonProperty("pe_ratio") @Finite Double peRatio,
        @Finite Double eps,
        @Finite Double revenue,
        @JsonProperty("net_income") @Finite Double netIncome,
        @JsonProperty("shares_outstanding") @PositiveOrZero Long sharesOutstanding) {}

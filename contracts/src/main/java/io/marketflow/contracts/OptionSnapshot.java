package io.marketflow.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A quote of one option contract at one time. Key: (symbol, expiry, strike, right, ts).
 *
 * <p>There is deliberately no "ask >= bid" rule: locked and crossed quotes are real market data, and one of
 * them must not get a whole ingest request rejected.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptionSnapshot(
        @NotNull @Pattern(regexp = Timeframes.SYMBOL_PATTERN, message = Timeframes.SYMBOL_MESSAGE)
        String symbol,

        @NotNull LocalDate expiry,
        @NotNull @Positive @Finite Double strike,

        @NotNull @Pattern(regexp = "C|P", message = "must be C or P")
        String right,

        @NotNull Instant ts,
        @PositiveOrZero @Finite Double bid,
        @PositiveOrZero @Finite Double ask,
        @PositiveOrZero @Finite Double last,
        @PositiveOrZero @Finite Double iv,
        @Finite Double delta,
        @Finite Double gamma,
        @JsonProperty("open_interest") @PositiveOrZero Long openInterest,
        @PositiveOrZero Long volume) {}

package io.marketflow.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A news headline, keyed by the provider's id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewsItem(
        @NotBlank @Size(max = 128) String id,
        @NotNull Instant ts,

        @NotNull @Size(max = 64)
        List<@NotNull @Pattern(regexp = Timeframes.SYMBOL_PATTERN, message = Timeframes.SYMBOL_MESSAGE) String> symbols,

        @NotBlank @Size(max = 1024) String headline,
        @Size(max = 128) String source,
        @Size(max = 2048) String url,
        @Size(max = 16384) String summary,
        @DecimalMin("-1.0") @DecimalMax("1.0") Double sentiment) {

    public NewsItem {
        // Not List.copyOf: it throws on a null element, and a null symbol must reach validation as a
        // field error ("symbols[2]: must not be null") rather than fail construction of the whole request.
        symbols = symbols == null ? null : Collections.unmodifiableList(new ArrayList<>(symbols));
    }
}

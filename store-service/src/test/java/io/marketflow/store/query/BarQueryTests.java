package io.marketflow.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.store.web.FieldError;
import io.marketflow.store.web.ProblemHandling.Problem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarQueryTests {

    @SuppressWarnings("unchecked")
    static List<String> badParameters(String symbol, String timeframe, String from, String to, String limit) {
        try {
            BarQuery.parse(symbol, timeframe, from, to, limit);
        } catch (Problem problem) {
            assertThat(problem.getStatusCode().value()).isEqualTo(400);
            return ((List<FieldError>) problem.getBody().getProperties().get("errors"))
                    .stream().map(FieldError::field).toList();
        }
        throw new AssertionError("expected the parameters to be refused");
    }

    @Test
    void defaultsToOneThousandBarsWithoutTimeBounds() {
        assertThat(BarQuery.parse("AAPL", "1m", null, null, null))
                .isEqualTo(new BarQuery("AAPL", "1m", null, null, 1000));
    }

    @Test
    void readsTimeBoundsWithAnyOffsetAsInstants() {
        BarQuery query = BarQuery.parse("BRK.B", "1d", "2025-10-15T14:30:00+02:00", "2025-10-16T00:00:00Z", "10000");

        assertThat(query.from()).isEqualTo(Instant.parse("2025-10-15T12:30:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2025-10-16T00:00:00Z"));
        assertThat(query.limit()).isEqualTo(10_000);
    }

    @Test
    void takesAPlusDecodedToASpaceAsTheOffsetSign() {
        assertThat(BarQuery.parse("AAPL", "1m", "2025-10-15T14:30:00 02:00", null, null)
                        .from())
                .isEqualTo(Instant.parse("2025-10-15T12:30:00Z"));
    }

    @Test
    void requiresSymbolAndTimeframe() {
        assertThat(badParameters(null, null, null, null, null)).containsExactly("symbol", "timeframe");
        assertThat(badParameters(" ", "", null, null, null)).containsExactly("symbol", "timeframe");
    }

    @Test
    void namesEveryMalformedParameter() {
        assertThat(badParameters("AA PL", "2m", "yesterday", "2025-10-15T14:30:00", "0"))
                .containsExactly("symbol", "timeframe", "from", "to", "limit");
        assertThat(badParameters("A".repeat(33), "1m", null, null, "10001")).containsExactly("symbol", "limit");
        assertThat(badParameters("AAPL", "1m", null, null, "ten")).containsExactly("limit");
        assertThat(badParameters("AAPL", "1m", null, null, "99999999999999999999"))
                .containsExactly("limit");
    }

    @Test
    void refusesAnEmptyOrBackwardRange() {
        assertThat(badParameters("AAPL", "1m", "2025-10-15T14:30:00Z", "2025-10-15T14:30:00Z", null))
                .containsExactly("to");
        assertThat(badParameters("AAPL", "1m", "2025-10-15T14:30:00Z", "2025-10-15T14:00:00Z", null))
                .containsExactly("to");
    }

    @Test
    void problemDetailNamesTheParameters() {
        assertThatThrownBy(() -> BarQuery.parse("AAPL", "1m", null, null, "-5"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.getBody().getDetail()).contains("limit"));
    }
}

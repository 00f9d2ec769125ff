package io.marketflow.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.marketflow.store.web.FieldError;
import io.marketflow.store.web.ProblemHandling.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KindReadTests {

    @SuppressWarnings("unchecked")
    static List<String> refused(KindRead<?> read, String... parameters) {
        Problem problem = catchThrowableOfType(Problem.class, () -> read.parse(parameters));
        assertThat(problem.getStatusCode().value()).isEqualTo(400);
        return ((List<FieldError>) problem.getBody().getProperties().get("errors"))
                .stream().map(FieldError::field).toList();
    }

    @Test
    void selectsEveryColumnOfTheTableFilteredByTheGivenParametersOnly() {
        KindRead.Query<?> all =
                KindRead.OPTIONS.parse("AAPL", "2025-12-19", "2025-10-15T14:30:00Z", "2025-10-16T00:00:00+02:00", "10");
        KindRead.Query<?> symbolOnly = KindRead.OPTIONS.parse("AAPL", null, "", null, null);

        assertThat(all.sql())
                .isEqualTo("SELECT symbol, expiry, strike, option_right, ts, bid, ask, last, iv, delta, gamma,"
                        + " open_interest, volume FROM option_snapshots WHERE symbol = :symbol AND expiry = :expiry"
                        + " AND ts >= :from AND ts < :to ORDER BY ts, expiry, strike, option_right LIMIT :limit");
        assertThat(all.values())
                .isEqualTo(Map.of(
                        "symbol", "AAPL",
                        "expiry", LocalDate.of(2025, 12, 19),
                        "from", Instant.parse("2025-10-15T14:30:00Z"),
                        "to", Instant.parse("2025-10-15T22:00:00Z")));
        assertThat(all.limit()).isEqualTo(10);
        assertThat(symbolOnly.sql())
                .endsWith(" FROM option_snapshots WHERE symbol = :symbol"
                        + " ORDER BY ts, expiry, strike, option_right LIMIT :limit");
        assertThat(symbolOnly.limit()).isEqualTo(QueryParameters.DEFAULT_LIMIT);
    }

    @Test
    void readsFundamentalsBySymbolInDateOrder() {
        assertThat(KindRead.FUNDAMENTALS.parse("AAPL", null).sql())
                .isEqualTo("SELECT symbol, as_of, market_cap, pe_ratio, eps, revenue, net_income, shares_outstanding"
                        + " FROM fundamentals WHERE symbol = :symbol ORDER BY as_of LIMIT :limit");
    }

    @Test
    void readsNewsOfAnySymbolOrOfOneBySymbolArray() {
        assertThat(KindRead.NEWS.parse(null, null, null, null).sql())
                .isEqualTo("SELECT id, ts, symbols, headline, source, url, summary, sentiment FROM news"
                        + " ORDER BY ts, id LIMIT :limit");
        assertThat(KindRead.NEWS
                        .parse("AAPL", "2025-10-15T14:30:00Z", null, null)
                        .sql())
                .contains(" FROM news WHERE symbols @> ARRAY[CAST(:symbol AS text)] AND ts >= :from ORDER BY");
    }

    @Test
    void namesEveryBadParameterInOrderWithTheRangeAfterItsEnds() {
        assertThat(refused(KindRead.OPTIONS, null, "someday", "yesterday", "2025-10-15T14:30:00", "0"))
                .containsExactly("symbol", "expiry", "from", "to", "limit");
        assertThat(refused(KindRead.OPTIONS, "AAPL", null, "2025-10-15T15:00:00Z", "2025-10-15T14:00:00Z", "x"))
                .containsExactly("to", "limit");
        assertThat(refused(KindRead.FUNDAMENTALS, " ", "10001")).containsExactly("symbol", "limit");
        assertThat(refused(KindRead.NEWS, "A B", null, null, null)).containsExactly("symbol");
    }

    @Test
    void refusesAReadGivenTheWrongNumberOfParameters() {
        assertThatIllegalArgumentException().isThrownBy(() -> KindRead.NEWS.parse("AAPL", null));
    }
}

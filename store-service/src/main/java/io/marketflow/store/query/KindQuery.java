package io.marketflow.store.query;

import io.marketflow.store.web.FieldError;
import io.marketflow.store.web.ProblemHandling;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated read of option snapshots, fundamentals or news: a symbol (required except for news), an optional
 * expiry (options), an optional half-open range {@code [from, to)} of {@code ts} (options, news), at most
 * {@code limit} items from the oldest.
 */
record KindQuery(String symbol, LocalDate expiry, Instant from, Instant to, int limit) {

    static KindQuery options(String symbol, String expiry, String from, String to, String limit) {
        List<FieldError> errors = new ArrayList<>();
        String checkedSymbol = QueryParameters.symbol("symbol", symbol, true, errors);
        LocalDate checkedExpiry = QueryParameters.date("expiry", expiry, errors);
        return ranged(checkedSymbol, checkedExpiry, from, to, limit, errors);
    }

    static KindQuery fundamentals(String symbol, String limit) {
        List<FieldError> errors = new ArrayList<>();
        String checkedSymbol = QueryParameters.symbol("symbol", symbol, true, errors);
        int max = QueryParameters.limit(limit, errors);
        check(errors);
        return new KindQuery(checkedSymbol, null, null, null, max);
    }

    static KindQuery news(String symbol, String from, String to, String limit) {
        List<FieldError> errors = new ArrayList<>();
        String checkedSymbol = QueryParameters.symbol("symbol", symbol, false, errors);
        return ranged(checkedSymbol, null, from, to, limit, errors);
    }

    private static KindQuery ranged(
            String symbol, LocalDate expiry, String from, String to, String limit, List<FieldError> errors) {
        Instant start = QueryParameters.instant("from", from, errors);
        Instant end = QueryParameters.instant("to", to, errors);
        QueryParameters.range(start, end, errors);
        int max = QueryParameters.limit(limit, errors);
        check(errors);
        return new KindQuery(symbol, expiry, start, end, max);
    }

    private static void check(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemHandling.invalidParameters(errors);
        }
    }
}

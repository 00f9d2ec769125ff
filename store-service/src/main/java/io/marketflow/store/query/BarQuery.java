package io.marketflow.store.query;

import io.marketflow.store.web.FieldError;
import io.marketflow.store.web.ProblemHandling;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code GET /bars} request: one symbol and timeframe, an optional half-open time range
 * {@code [from, to)}, at most {@code limit} bars, oldest first. {@code zone} sets where a {@code 1d} bar's day
 * starts when days are rolled up from finer bars; other timeframes are aligned to UTC whatever the zone.
 */
record BarQuery(String symbol, String timeframe, Instant from, Instant to, int limit, ZoneId zone) {

    static final int DEFAULT_LIMIT = QueryParameters.DEFAULT_LIMIT;
    static final int MAX_LIMIT = QueryParameters.MAX_LIMIT;

    BarQuery {
        zone = zone == null ? ZoneOffset.UTC : zone.normalized();
    }

    BarQuery(String symbol, String timeframe, Instant from, Instant to, int limit) {
        this(symbol, timeframe, from, to, limit, ZoneOffset.UTC);
    }

    static BarQuery parse(String symbol, String timeframe, String from, String to, String limit) {
        return parse(symbol, timeframe, from, to, limit, null, ZoneOffset.UTC);
    }

    /**
     * Checks the raw query parameters and names every bad one at once.
     *
     * @throws ProblemHandling.Problem 400 listing each missing or malformed parameter
     */
    static BarQuery parse(
            String symbol, String timeframe, String from, String to, String limit, String tz, ZoneId defaultZone) {
        List<FieldError> errors = new ArrayList<>();
        String checkedSymbol = QueryParameters.symbol("symbol", symbol, true, errors);
        String checkedTimeframe = QueryParameters.timeframe(timeframe, errors);
        Instant start = QueryParameters.instant("from", from, errors);
        Instant end = QueryParameters.instant("to", to, errors);
        QueryParameters.range(start, end, errors);
        int max = QueryParameters.limit(limit, errors);
        ZoneId zone = QueryParameters.zone("tz", tz, defaultZone, errors);
        if (!errors.isEmpty()) {
            throw ProblemHandling.invalidParameters(errors);
        }
        return new BarQuery(checkedSymbol, checkedTimeframe, start, end, max, zone);
    }

    /** Whether bars are bucketed by local calendar days of {@link #zone} rather than by fixed-size UTC buckets. */
    boolean localDays() {
        return timeframe.equals(Timeframe.DAY);
    }
}

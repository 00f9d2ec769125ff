package io.marketflow.store.query;

import io.marketflow.contracts.Timeframes;
import io.marketflow.store.system.ProblemHandling;
import io.marketflow.store.system.ProblemHandling.FieldError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code GET /bars} request: one symbol and timeframe, an optional half-open time range
 * {@code [from, to)}, at most {@code limit} bars, oldest first.
 */
record BarQuery(String symbol, String timeframe, Instant from, Instant to, int limit) {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    /**
     * Checks the raw query parameters and names every bad one at once.
     *
     * @throws ProblemHandling.Problem 400 listing each missing or malformed parameter
     */
    static BarQuery parse(String symbol, String timeframe, String from, String to, String limit) {
        List<FieldError> errors = new ArrayList<>();
        if (symbol == null || symbol.isBlank()) {
            errors.add(error("symbol", "is required"));
        } else if (!symbol.matches(Timeframes.SYMBOL_PATTERN)) {
            errors.add(error("symbol", "must be 1..32 characters of A-Z a-z 0-9 . _ : / -"));
        }
        if (timeframe == null || timeframe.isBlank()) {
            errors.add(error("timeframe", "is required, one of " + String.join(" ", Timeframes.ALL)));
        } else if (!Timeframes.ALL.contains(timeframe)) {
            errors.add(error("timeframe", "must be one of " + String.join(" ", Timeframes.ALL)));
        }
        Instant start = instant("from", from, errors);
        Instant end = instant("to", to, errors);
        if (start != null && end != null && !end.isAfter(start)) {
            errors.add(error("to", "must be after from (the range is [from, to))"));
        }
        int max = limit(limit, errors);
        if (!errors.isEmpty()) {
            throw ProblemHandling.invalidParameters(errors);
        }
        return new BarQuery(symbol, timeframe, start, end, max);
    }

    private static Instant instant(String name, String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        // An unencoded '+' of an offset arrives as a space after query decoding; no timestamp contains a space.
        String text = value.trim().replace(' ', '+');
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(error(name, "must be an ISO-8601 timestamp with offset, such as 2025-10-15T14:30:00Z"));
            return null;
        }
    }

    private static int limit(String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range value
        }
        errors.add(error("limit", "must be an integer from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    private static FieldError error(String parameter, String message) {
        return new FieldError(null, parameter, message);
    }
}

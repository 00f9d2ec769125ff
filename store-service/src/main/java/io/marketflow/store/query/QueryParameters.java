package io.marketflow.store.query;

import io.marketflow.contracts.Timeframes;
import io.marketflow.store.web.FieldError;
import io.marketflow.store.web.IntParameter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

/**
 * Reads query parameters of the read endpoints as text, adding an error naming the parameter for each bad one
 * instead of failing at the first, so that one 400 lists them all.
 */
final class QueryParameters {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    private QueryParameters() {}

    static String symbol(String name, String value, boolean required, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(error(name, "is required"));
            }
            return null;
        }
        if (!value.matches(Timeframes.SYMBOL_PATTERN)) {
            errors.add(error(name, Timeframes.SYMBOL_MESSAGE));
            return null;
        }
        return value;
    }

    static String timeframe(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(error("timeframe", "is required, one of " + String.join(" ", Timeframes.ALL)));
            return null;
        }
        if (!Timeframes.ALL.contains(value)) {
            errors.add(error("timeframe", "must be one of " + String.join(" ", Timeframes.ALL)));
            return null;
        }
        return value;
    }

    static Instant instant(String name, String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        // An unencoded '+' of an offset arrives as a space after query decoding; no timestamp contains a space.
        String text = value.trim().replace(' ', '+');
        return parsed(
                name,
                text,
                t -> OffsetDateTime.parse(t).toInstant(),
                null,
                "must be an ISO-8601 timestamp with offset, such as 2025-10-15T14:30:00Z",
                errors);
    }

    /** Checks that a range given by both ends is not empty: {@code to} must come after {@code from}. */
    static void range(Instant from, Instant to, List<FieldError> errors) {
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add(error("to", "must be after from (the range is [from, to))"));
        }
    }

    static LocalDate date(String name, String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return parsed(
                name, value.trim(), LocalDate::parse, null, "must be an ISO-8601 date, such as 2025-12-19", errors);
    }

    static int limit(String value, List<FieldError> errors) {
        Integer limit = IntParameter.oneTo(MAX_LIMIT, value, DEFAULT_LIMIT);
        if (limit == null) {
            errors.add(error("limit", "must be an integer from 1 to " + MAX_LIMIT));
            return DEFAULT_LIMIT;
        }
        return limit;
    }

    /** An IANA zone such as {@code America/New_York}, or {@code fallback} when absent. */
    static ZoneId zone(String name, String value, ZoneId fallback, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return parsed(
                name,
                value.trim(),
                ZoneId::of,
                fallback,
                "must be an IANA time zone, such as America/New_York or UTC",
                errors);
    }

    /**
     * {@code parser}'s value of {@code text}, or {@code fallback} with an error naming the parameter when the
     * parser refuses it (every {@code java.time} parser fails with a {@link DateTimeException}).
     */
    private static <T> T parsed(
            String name, String text, Function<String, T> parser, T fallback, String message, List<FieldError> errors) {
        try {
            return parser.apply(text);
        } catch (DateTimeException e) {
            errors.add(error(name, message));
            return fallback;
        }
    }

    static FieldError error(String parameter, String message) {
        return new FieldError(null, parameter, message);
    }
}

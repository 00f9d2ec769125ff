package io.marketflow.store.query;

import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.sink.Table;
import io.marketflow.store.sink.Tables;
import io.marketflow.store.web.FieldError;
import io.marketflow.store.web.ProblemHandling;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How {@code GET /<kind>} reads one kind back: from its table (whose columns give the select list and the row
 * mapping), filtered by the query parameters its filters name, in {@code orderBy} order (oldest first), at most
 * {@code limit} rows. Each statement is served by an index of V1: options by (symbol, ts), fundamentals by the
 * key (symbol, as_of), news by the GIN index on symbols or by ts. A new kind is read back by one more constant
 * here and a mapping in {@link KindQueryController} that names its parameters.
 *
 * @param <T> the item type
 */
record KindRead<T>(Table<T> table, List<Filter> filters, String orderBy) {

    static final KindRead<OptionSnapshot> OPTIONS = new KindRead<>(
            Tables.OPTION_SNAPSHOTS,
            List.of(Filter.symbol(true, "symbol = :symbol"), Filter.EXPIRY, Filter.FROM, Filter.TO),
            "ts, expiry, strike, option_right");

    static final KindRead<Fundamentals> FUNDAMENTALS =
            new KindRead<>(Tables.FUNDAMENTALS, List.of(Filter.symbol(true, "symbol = :symbol")), "as_of");

    static final KindRead<NewsItem> NEWS = new KindRead<>(
            Tables.NEWS,
            List.of(Filter.symbol(false, "symbols @> ARRAY[CAST(:symbol AS text)]"), Filter.FROM, Filter.TO),
            "ts, id");

    KindRead {
        Objects.requireNonNull(table, "table");
        filters = List.copyOf(filters);
        Objects.requireNonNull(orderBy, "orderBy");
    }

    /**
     * Checks the raw query parameters, one per filter in the order of {@link #filters()} and then {@code limit},
     * and names every bad one at once (in that order, the range after both its ends).
     *
     * @throws ProblemHandling.Problem 400 listing each missing or malformed parameter
     */
    Query<T> parse(String... parameters) {
        if (parameters.length != filters.size() + 1) {
            throw new IllegalArgumentException(
                    "one value per filter " + filters + " and the limit, not " + parameters.length);
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < filters.size(); i++) {
            Filter filter = filters.get(i);
            Object value = filter.check(parameters[i], errors);
            if (value != null) {
                values.put(filter.parameter(), value);
            }
        }
        QueryParameters.range((Instant) values.get("from"), (Instant) values.get("to"), errors);
        int limit = QueryParameters.limit(parameters[filters.size()], errors);
        if (!errors.isEmpty()) {
            throw ProblemHandling.invalidParameters(errors);
        }
        return new Query<>(this, values, limit);
    }

    /**
     * A validated read: the value of each filter given (absent ones are left out of the statement) and the
     * limit.
     */
    record Query<T>(KindRead<T> read, Map<String, Object> values, int limit) {

        Query {
            values = Map.copyOf(values);
        }

        /** The statement; a filter's value binds to the parameter of its name, the limit to {@code limit}. */
        String sql() {
            String where = read.filters.stream()
                    .filter(filter -> values.containsKey(filter.parameter()))
                    .map(Filter::condition)
                    .collect(Collectors.joining(" AND "));
            return "SELECT " + read.table.columnList() + " FROM " + read.table.name()
                    + (where.isEmpty() ? "" : " WHERE " + where) + " ORDER BY " + read.orderBy + " LIMIT :limit";
        }
    }

    /**
     * One query parameter of a read and the condition it adds when given; the condition refers to the value as
     * {@code :<parameter>}.
     */
    record Filter(String parameter, Type type, boolean required, String condition) {

        /** {@code expiry}: an ISO-8601 date, matched exactly. */
        static final Filter EXPIRY = new Filter("expiry", Type.DATE, false, "expiry = :expiry");

        /** {@code from}: an ISO-8601 timestamp, the inclusive start of the range of {@code ts}. */
        static final Filter FROM = new Filter("from", Type.INSTANT, false, "ts >= :from");

        /** {@code to}: an ISO-8601 timestamp, the exclusive end of the range of {@code ts}. */
        static final Filter TO = new Filter("to", Type.INSTANT, false, "ts < :to");

        static Filter symbol(boolean required, String condition) {
            return new Filter("symbol", Type.SYMBOL, required, condition);
        }

        enum Type {
            SYMBOL,
            DATE,
            INSTANT
        }

        /** The parameter's value, or null when it is absent or bad (then with an error naming it). */
        Object check(String value, List<FieldError> errors) {
            return switch (type) {
                case SYMBOL -> QueryParameters.symbol(parameter, value, required, errors);
                case DATE -> QueryParameters.date(parameter, value, errors);
                case INSTANT -> QueryParameters.instant(parameter, value, errors);
            };
        }
    }
}

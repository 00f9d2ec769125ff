package io.marketflow.store.ingest;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.web.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.Function;

/**
 * Refuses items dated further ahead of the store's clock than {@code MDS_INGEST_MAX_FUTURE_SEC}: a producer
 * whose clock runs fast (or a replay of a synthetic feed) would otherwise write bars that mask the real ones
 * for days. Each kind names the field its date comes from, so the error points at it.
 *
 * @param <T> item type
 */
final class FutureLimit<T> {

    private final String field;
    private final Function<T, Instant> dateOf;
    private final Duration maxAhead;
    private final Clock clock;

    /**
     * The limit at the last reading of the clock: a date at or before it passes without reading the clock again,
     * which cost the body reader 6 % of its time as one reading per item. The clock is read again for any later
     * date, so the limit moves with it; only a clock stepped backwards lets dates through up to the step beyond
     * the new limit, until the next later date is checked.
     */
    private volatile Instant passedLimit = Instant.MIN;

    private FutureLimit(String field, Function<T, Instant> dateOf, Duration maxAhead, Clock clock) {
        this.field = field;
        this.dateOf = dateOf;
        this.maxAhead = Objects.requireNonNull(maxAhead, "maxAhead");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The limit for {@code type}'s date field ({@code ts}, or {@code as_of} for fundamentals). */
    @SuppressWarnings("unchecked")
    static <T> FutureLimit<T> of(Class<T> type, Duration maxAhead, Clock clock) {
        Function<?, Instant> dateOf;
        String field = "ts";
        if (type == Bar.class) {
            dateOf = (Bar bar) -> bar.ts();
        } else if (type == OptionSnapshot.class) {
            dateOf = (OptionSnapshot option) -> option.ts();
        } else if (type == NewsItem.class) {
            dateOf = (NewsItem news) -> news.ts();
        } else if (type == Fundamentals.class) {
            // A date is "ahead" only once its whole day starts after the limit, wherever the reporter is.
            field = "as_of";
            dateOf = (Fundamentals f) -> f.asOf() == null
                    ? null
                    : f.asOf().atStartOfDay(ZoneOffset.UTC).toInstant();
        } else {
            throw new IllegalArgumentException("no date field known for " + type.getSimpleName());
        }
        return new FutureLimit<>(field, (Function<T, Instant>) dateOf, maxAhead, clock);
    }

    /** Why the item at {@code index} is dated too far ahead, or {@code null} when it is not. */
    FieldError check(int index, T item) {
        Instant date = dateOf.apply(item);
        if (date == null) {
            return null; // reported by validation as missing
        }
        if (!date.isAfter(passedLimit)) {
            return null;
        }
        Instant now = clock.instant();
        Instant limit = Duration.between(now, Instant.MAX).compareTo(maxAhead) <= 0 ? Instant.MAX : now.plus(maxAhead);
        if (!date.isAfter(limit)) {
            passedLimit = limit;
            return null;
        }
        return new FieldError(
                index,
                field,
                "must not be more than " + maxAhead.toSeconds() + " seconds ahead of the store's clock (now " + now
                        + "; MDS_INGEST_MAX_FUTURE_SEC)");
    }
}

package io.marketflow.store.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Timestamps and dates only as ISO-8601 strings. Jackson's own deserializers also take numbers as epoch
 * seconds, so epoch milliseconds would silently land tens of thousands of years ahead; and they accept a
 * timestamp without an offset in some forms. The contract says "ISO-8601 with offset": anything else is an error
 * that names the field.
 *
 * <p>Years are limited to 0001-9999, the ISO-8601 basic range. OffsetDateTime parses "+300000-01-01T00:00:00Z"
 * too, but PostgreSQL cannot store it: such an item would be accepted and then dead-lettered by the database.
 */
final class StrictTemporals {

    static final String OUT_OF_RANGE = "must be within the years 0001 to 9999";

    private static final Instant FIRST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant END_INSTANT = Instant.parse("+10000-01-01T00:00:00Z");
    private static final LocalDate FIRST_DATE = LocalDate.of(1, 1, 1);
    private static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);

    private StrictTemporals() {}

    /** The common shape by hand, anything else (and every error) through the standard ISO parser. */
    static Instant instant(String text) {
        Instant fast = FastInstant.parse(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    static SimpleModule module() {
        return new SimpleModule("strict-temporals")
                .addDeserializer(
                        Instant.class,
                        new IsoString<>(
                                Instant.class,
                                StrictTemporals::instant,
                                t -> !t.isBefore(FIRST_INSTANT) && t.isBefore(END_INSTANT)))
                .addDeserializer(
                        LocalDate.class,
                        new IsoString<>(
                                LocalDate.class,
                                LocalDate::parse,
                                d -> !d.isBefore(FIRST_DATE) && !d.isAfter(LAST_DATE)));
    }

    private static final class IsoString<T> extends StdScalarDeserializer<T> {

        private final Class<T> type;
        private final Function<String, T> parse;
        private final Predicate<T> inRange;

        IsoString(Class<T> type, Function<String, T> parse, Predicate<T> inRange) {
            super(type);
            this.type = type;
            this.parse = parse;
            this.inRange = inRange;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return type.cast(context.handleUnexpectedToken(type, parser));
            }
            String text = parser.getString().trim();
            T value;
            try {
                value = parse.apply(text);
            } catch (DateTimeParseException e) {
                return type.cast(context.handleWeirdStringValue(type, text, e.getMessage()));
            }
            if (!inRange.test(value)) {
                throw new RejectedValue(parser, type, OUT_OF_RANGE);
            }
            return value;
        }
    }
}

package io.marketflow.store.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
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
 */
final class StrictTemporals {

    private StrictTemporals() {}

    static SimpleModule module() {
        return new SimpleModule("strict-temporals")
                .addDeserializer(
                        Instant.class,
                        new IsoString<>(
                                Instant.class,
                                text -> OffsetDateTime.parse(text).toInstant()))
                .addDeserializer(LocalDate.class, new IsoString<>(LocalDate.class, LocalDate::parse));
    }

    private static final class IsoString<T> extends StdScalarDeserializer<T> {

        private final Class<T> type;
        private final Function<String, T> parse;

        IsoString(Class<T> type, Function<String, T> parse) {
            super(type);
            this.type = type;
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return type.cast(context.handleUnexpectedToken(type, parser));
            }
            String text = parser.getString().trim();
            try {
                return parse.apply(text);
            } catch (DateTimeParseException e) {
                return type.cast(context.handleWeirdStringValue(type, text, e.getMessage()));
            }
        }
    }
}

package io.marketflow.store.ingest;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Strings that PostgreSQL stores exactly as sent. JSON lets a string carry {@code \u0000} and unpaired surrogates
 * ({@code \ud800}), but PostgreSQL text can hold neither: NUL fails the write, so the item would be accepted here
 * and then end in the dead-letter queue; an unpaired surrogate is silently stored as {@code ?}. Both are refused
 * with the rest of the request's errors instead.
 */
final class StorableStrings extends StringDeserializer {

    static final String NUL = "must not contain the NUL character (\\u0000), which PostgreSQL cannot store";
    static final String SURROGATE = "must not contain an unpaired UTF-16 surrogate (such as \\ud800)";

    private StorableStrings() {}

    static SimpleModule module() {
        return new SimpleModule("storable-strings").addDeserializer(String.class, new StorableStrings());
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        String value = super.deserialize(parser, context);
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                throw new RejectedValue(parser, String.class, NUL);
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new RejectedValue(parser, String.class, SURROGATE);
                }
                i++;
            }
        }
        return value;
    }
}

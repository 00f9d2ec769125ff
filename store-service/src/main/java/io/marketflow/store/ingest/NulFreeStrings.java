package io.marketflow.store.ingest;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Strings without the NUL character. JSON allows {@code \u0000} in a string, but PostgreSQL text cannot hold it:
 * an item carrying one would be accepted here and then fail in the database, ending in the dead-letter queue
 * instead of being refused with the rest of the request's errors.
 */
final class NulFreeStrings extends StringDeserializer {

    static final String REASON = "must not contain the NUL character (\\u0000), which PostgreSQL cannot store";

    private NulFreeStrings() {}

    static SimpleModule module() {
        return new SimpleModule("nul-free-strings").addDeserializer(String.class, new NulFreeStrings());
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        String value = super.deserialize(parser, context);
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new RejectedValue(parser, String.class, REASON);
        }
        return value;
    }
}

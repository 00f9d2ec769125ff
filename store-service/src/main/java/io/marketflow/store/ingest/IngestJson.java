package io.marketflow.store.ingest;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The JSON mapper that reads ingest bodies: strict about types, bounded against hostile payloads. Separate from
 * the application's mapper, whose lenient defaults suit responses but not untrusted input.
 */
final class IngestJson {

    /**
     * Items are flat objects (a news item's {@code symbols} is the deepest part): array, object, array. A little
     * headroom, then a deeply nested body fails at once instead of being buffered.
     */
    static final int MAX_NESTING_DEPTH = 8;

    /** The longest legitimate string is a news summary (16384 characters); anything far beyond is an attack. */
    static final int MAX_STRING_LENGTH = 65_536;

    static final int MAX_NAME_LENGTH = 256;

    /** Enough for any double or long written out in full; longer numbers are rejected before parsing. */
    static final int MAX_NUMBER_LENGTH = 400;

    private IngestJson() {}

    static JsonMapper mapper() {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build();
        JsonFactory factory =
                JsonFactory.builder().streamReadConstraints(constraints).build();
        return JsonMapper.builder(factory)
                // {"open":1,"open":2} is a mistake, not a last-one-wins update.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Producers may add fields this version does not know; they are ignored, not an error.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // 1.5 shares is not silently 1: a float for an integer field is a type error.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // Numbers must be JSON numbers and text must be JSON strings; "190.5" or "NaN" as a price and
                // 42 as a symbol are type errors, not values guessed at.
                .addModule(StrictTemporals.module())
                .addModule(StorableStrings.module())
                .withCoercionConfig(LogicalType.Float, IngestJson::onlyNumbers)
                .withCoercionConfig(LogicalType.Integer, IngestJson::onlyNumbers)
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
    }

    private static void onlyNumbers(tools.jackson.databind.cfg.MutableCoercionConfig config) {
        config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
}

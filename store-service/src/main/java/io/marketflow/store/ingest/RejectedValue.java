package io.marketflow.store.ingest;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A value of the right JSON type that the store still cannot take, with the reason a client is told. Its message
 * never quotes the value, which may be huge or hold the very characters that made it unacceptable.
 */
final class RejectedValue extends MismatchedInputException {

    private final String reason;

    RejectedValue(JsonParser parser, Class<?> type, String reason) {
        super(parser, reason, type);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}

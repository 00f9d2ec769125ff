package io.marketflow.store.ingest;

import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;

/**
 * Jackson's parse errors, minus what only makes sense to a Jackson user (feature names to enable, redacted
 * source references), so that a client sees what was wrong with its JSON.
 */
final class JsonErrorMessages {

    private static final Pattern SOURCE_REFERENCE =
            Pattern.compile(" \\((?:start marker at|for \\w+ starting at) \\[Source.*$");
    private static final Pattern FEATURE_HINT = Pattern.compile(": enable `[^`]*` to allow");
    private static final Pattern CONSTRAINT_NAME = Pattern.compile(", from `[^`]*`\\)");

    private JsonErrorMessages() {}

    static String of(JacksonException e) {
        if (e instanceof UnexpectedEndOfInputException) {
            return "the JSON ended before it was complete";
        }
        String message = e.getOriginalMessage();
        if (message == null) {
            return "malformed JSON";
        }
        message = SOURCE_REFERENCE.matcher(message).replaceFirst("");
        message = FEATURE_HINT.matcher(message).replaceFirst("");
        return CONSTRAINT_NAME.matcher(message).replaceFirst(")");
    }
}

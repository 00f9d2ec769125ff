package io.marketflow.pipeline.feedback;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.pipeline.feedback.FeedbackRejectedException.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request body into a valid {@link FeedbackEvent}, or says what is wrong with it in the client's terms:
 * the JSON field and what it must be, never a Java type or a parser's wording. The body is first read as a JSON
 * tree (a syntax error is a malformed body), then each field is checked against the event's field types, so
 * that every bad field is reported at once, then the event is bound and validated.
 */
final class FeedbackEventReader {

    static final String TIMESTAMP = "an ISO-8601 timestamp with offset, such as 2025-10-15T14:30:00Z";

    private static final Pattern SOURCE_REFERENCE =
            Pattern.compile(" \\((?:start marker at|for \\w+ starting at) \\[Source.*$");
    private static final Pattern FEATURE_HINT = Pattern.compile(": enable `[^`]*` to allow");
    private static final Pattern CONSTRAINT_NAME = Pattern.compile(", from `[^`]*`\\)");
    private static final Pattern TOKEN_HINT = Pattern.compile("\\s*\\(JSON String, Number, Array, Object.*$");

    /** One field of the wire format: its JSON name, its Java type and whether it must be present. */
    private record Field(String component, String name, Class<?> type, boolean required) {}

    private static final List<Field> FIELDS = Arrays.stream(FeedbackEvent.class.getRecordComponents())
            .map(FeedbackEventReader::field)
            .toList();

    private final JsonMapper json;
    private final Validator validator;

    FeedbackEventReader(JsonMapper json, Validator validator) {
        this.json = json.rebuild()
                // Trailing content is checked on the parser, to say so in the client's terms.
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /** @throws FeedbackRejectedException (malformed) naming every field at fault */
    FeedbackEvent read(byte[] raw) {
        if (raw == null || new String(raw, StandardCharsets.UTF_8).isBlank()) {
            throw FeedbackRejectedException.malformedBody(
                    "the request body is empty; it must be a feedback event as a JSON object",
                    new FieldError(null, "body is empty"));
        }
        JsonNode tree;
        try (JsonParser parser = json.createParser(raw)) {
            tree = json.readTree(parser);
            if (parser.nextToken() != null) {
                TokenStreamLocation at = parser.currentTokenLocation();
                throw FeedbackRejectedException.malformedBody(
                        "the request body holds more than one JSON value" + where(at) + "; send one event per request",
                        new FieldError(null, "unexpected content after the event" + where(at)));
            }
        } catch (JacksonException e) {
            String where = where(e.getLocation());
            String message = cleanMessage(e);
            throw FeedbackRejectedException.malformedBody(
                    "the request body is not valid JSON" + where + ": " + message,
                    new FieldError(null, message + where));
        }
        if (tree == null || !tree.isObject()) {
            String found = tree == null ? "nothing" : describe(tree);
            throw FeedbackRejectedException.malformedBody(
                    "the request body must be a feedback event as a JSON object, not " + found,
                    new FieldError(null, "must be a JSON object, not " + found));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Field field : FIELDS) {
            JsonNode node = tree.get(field.name());
            String message = check(field, node);
            if (message != null) {
                errors.add(new FieldError(field.name(), message));
            } else if (node != null && !node.isNull()) {
                errors.addAll(constraints(field, node));
            }
        }
        if (!errors.isEmpty()) {
            throw FeedbackRejectedException.malformed(errors);
        }
        FeedbackEvent event;
        try {
            event = json.treeToValue(tree, FeedbackEvent.class);
        } catch (JacksonException e) {
            // The checks above cover every field type; this is a safety net that still keeps Jackson's words out.
            throw FeedbackRejectedException.malformed(List.of(new FieldError(fieldOf(e), "has an invalid value")));
        }
        List<FieldError> violations = validator.validate(event).stream()
                .map(FeedbackEventReader::toFieldError)
                .sorted(Comparator.comparing(FieldError::field, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(FieldError::message))
                .toList();
        if (!violations.isEmpty()) {
            throw FeedbackRejectedException.malformed(violations);
        }
        return event;
    }

    /** The field's own constraints (range, size, pattern), checked on its value alone. */
    private List<FieldError> constraints(Field field, JsonNode node) {
        Object value;
        try {
            value = json.treeToValue(node, field.type());
        } catch (JacksonException e) {
            return List.of(new FieldError(field.name(), "has an invalid value"));
        }
        return validator.validateValue(FeedbackEvent.class, field.component(), value).stream()
                .map(v -> new FieldError(field.name(), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::message))
                .toList();
    }

    /** What is wrong with {@code node} as the value of {@code field}, or null when it will bind. */
    private static String check(Field field, JsonNode node) {
        if (node == null || node.isNull()) {
            return field.required() ? "is required" : null;
        }
        Class<?> type = field.type();
        if (type == int.class || type == Integer.class) {
            return node.isIntegralNumber() && node.canConvertToInt() ? null : "must be an integer that fits in 32 bits";
        }
        if (type == long.class || type == Long.class) {
            if (!node.isIntegralNumber()) {
                return "must be an integer";
            }
            return node.canConvertToLong() ? null : "must be an integer that fits in 64 bits";
        }
        if (type == double.class || type == Double.class) {
            return node.isNumber() ? null : "must be a number";
        }
        if (type == String.class) {
            return node.isString() ? null : "must be a string";
        }
        if (type == Instant.class) {
            if (node.isString()) {
                try {
                    OffsetDateTime.parse(node.stringValue());
                    return null;
                } catch (DateTimeParseException e) {
                    // fall through
                }
            }
            return "must be " + TIMESTAMP;
        }
        if (type == BackpressureLevel.class) {
            try {
                BackpressureLevel.fromWire(node.isString() ? node.stringValue() : null);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    private static Field field(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        String name = property != null && !property.value().isEmpty() ? property.value() : component.getName();
        boolean required = component.getType().isPrimitive()
                || (property != null && property.required())
                || component.getAccessor().isAnnotationPresent(NotNull.class)
                || component.getAccessor().isAnnotationPresent(NotBlank.class);
        return new Field(component.getName(), name, component.getType(), required);
    }

    private static FieldError toFieldError(ConstraintViolation<FeedbackEvent> violation) {
        String component = violation.getPropertyPath().toString();
        String name = FIELDS.stream()
                .filter(f -> f.component().equals(component))
                .findFirst()
                .map(Field::name)
                .orElse(component);
        return new FieldError(name, violation.getMessage());
    }

    private static String fieldOf(JacksonException e) {
        return e.getPath().stream()
                .map(JacksonException.Reference::getPropertyName)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** Jackson's parse error minus what only a Jackson user understands (feature names, source references). */
    static String cleanMessage(JacksonException e) {
        if (e instanceof UnexpectedEndOfInputException) {
            return "the JSON ended before it was complete";
        }
        String message = e.getOriginalMessage();
        if (message == null) {
            return "malformed JSON";
        }
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        message = SOURCE_REFERENCE.matcher(message).replaceFirst("");
        message = FEATURE_HINT.matcher(message).replaceFirst("");
        message = TOKEN_HINT.matcher(message).replaceFirst("");
        message = CONSTRAINT_NAME.matcher(message).replaceFirst(")");
        return message.replace('`', '\'');
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}

package io.marketflow.store.ingest;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Violations;
import io.marketflow.store.web.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns one item's JSON into a {@code T} and checks it with Bean Validation. A binding error (wrong type,
 * unparsable timestamp) and each constraint violation come back as a {@link FieldError} naming the JSON field.
 * Stateless apart from its configuration, so one binder serves every request for its type.
 *
 * <p>Bars, the bulk of the traffic, are first checked by hand ({@link BarCheck}); only a bar that fails it goes
 * through the {@code Validator}, which then says what is wrong as it always did.
 */
final class ItemBinder<T> {

    /** Either the valid item or why it is not valid (never both). */
    record Bound<T>(T item, List<FieldError> errors) {}

    private final Class<T> type;
    private final ObjectReader reader;
    private final Validator validator;
    private final FutureLimit<T> futureLimit;
    // Says yes only where Bean Validation would find nothing; null for kinds without one.
    private final Predicate<T> quickCheck;

    /** A binder that takes items of any date. */
    ItemBinder(Class<T> type, ObjectReader reader, Validator validator) {
        this(type, reader, validator, null);
    }

    /** A binder that also refuses items dated beyond {@code futureLimit} ({@code null}: no limit). */
    ItemBinder(Class<T> type, ObjectReader reader, Validator validator, FutureLimit<T> futureLimit) {
        this.type = type;
        this.reader = reader.forType(type);
        this.validator = validator;
        this.futureLimit = futureLimit;
        this.quickCheck = quickCheck(type);
    }

    @SuppressWarnings("unchecked")
    private static <T> Predicate<T> quickCheck(Class<T> type) {
        return type == Bar.class ? (Predicate<T>) (Predicate<Bar>) BarCheck::passes : null;
    }

    Class<T> type() {
        return type;
    }

    /** Whether {@link #bind} would take {@code item} as it is, decided without the {@code Validator}. */
    boolean passesQuickly(T item) {
        return quickCheck != null
                && quickCheck.test(item)
                && (futureLimit == null || futureLimit.check(0, item) == null);
    }

    /**
     * Binds the item at {@code index} from {@code parser}, which holds exactly one framed item (an array element
     * or an NDJSON line); anything after the first value is an error.
     */
    Bound<T> bind(int index, JsonParser parser) {
        T item;
        try {
            item = reader.readValue(parser);
        } catch (JacksonException e) {
            return new Bound<>(null, List.of(bindingError(index, e)));
        }
        if (item == null) {
            return new Bound<>(null, List.of(new FieldError(index, null, "must be a JSON object, not null")));
        }
        FieldError tooFarAhead = futureLimit == null ? null : futureLimit.check(index, item);
        if (tooFarAhead == null && quickCheck != null && quickCheck.test(item)) {
            return new Bound<>(item, List.of());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(item);
        if (violations.isEmpty() && tooFarAhead == null) {
            return new Bound<>(item, List.of());
        }
        List<FieldError> errors = new ArrayList<>(violations.size() + 1);
        for (ConstraintViolation<T> violation : violations) {
            errors.add(new FieldError(index, Violations.wireField(violation), violation.getMessage()));
        }
        if (tooFarAhead != null) {
            errors.add(tooFarAhead);
        }
        // Validation reports in no particular order; a stable order makes responses comparable.
        errors.sort(Comparator.comparing(FieldError::field, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(FieldError::message));
        return new Bound<>(null, errors);
    }

    private static FieldError bindingError(int index, JacksonException e) {
        String field = fieldOf(e);
        if (e instanceof RejectedValue rejected) {
            return new FieldError(index, field, rejected.reason());
        }
        if (e instanceof StreamConstraintsException) {
            return new FieldError(index, field, JsonErrorMessages.of(e));
        }
        if (e instanceof InputCoercionException coercion) {
            return new FieldError(
                    index, field, "must be " + describe(coercion.getTargetType()) + " that fits in 64 bits");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            if (field == null) {
                return new FieldError(index, null, "must be a JSON object");
            }
            return new FieldError(index, field, "must be " + describe(mismatch.getTargetType()));
        }
        if (e instanceof StreamReadException) {
            return new FieldError(index, field, "malformed JSON: " + JsonErrorMessages.of(e));
        }
        return new FieldError(index, field, "cannot be read: " + JsonErrorMessages.of(e));
    }

    /** {@code trade_count}, or {@code symbols[2]} for an element of a list; null for the item itself. */
    private static String fieldOf(JacksonException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? null : field.toString();
    }

    private static String describe(Class<?> target) {
        if (target == Instant.class || target == OffsetDateTime.class) {
            return "an ISO-8601 timestamp with offset, such as 2025-10-15T14:30:00Z";
        }
        if (target == LocalDate.class) {
            return "an ISO-8601 date, such as 2025-12-19";
        }
        if (target == Double.class || target == double.class || target == Float.class || target == float.class) {
            return "a number";
        }
        if (target == Long.class || target == long.class || target == Integer.class || target == int.class) {
            return "an integer";
        }
        if (target == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(target)) {
            return "an array";
        }
        return "a JSON object";
    }
}

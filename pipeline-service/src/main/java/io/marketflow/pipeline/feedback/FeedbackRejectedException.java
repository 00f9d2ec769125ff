package io.marketflow.pipeline.feedback;

import java.util.List;
import java.util.Objects;

/** A feedback request refused as a whole: 401 when it cannot be trusted, 400 when it cannot be read. */
public final class FeedbackRejectedException extends RuntimeException {

    /** One reason a body is not a valid FeedbackEvent; {@code field} is its JSON name, null for the whole body. */
    public record FieldError(String field, String message) {}

    private final FeedbackOutcome outcome;
    private final boolean unreadable;
    private final List<FieldError> errors;

    private FeedbackRejectedException(
            FeedbackOutcome outcome, boolean unreadable, String message, List<FieldError> errors) {
        super(message);
        this.outcome = outcome;
        this.unreadable = unreadable;
        this.errors = List.copyOf(errors);
    }

    static FeedbackRejectedException unauthorized(String reason) {
        return new FeedbackRejectedException(FeedbackOutcome.UNAUTHORIZED, false, reason, List.of());
    }

    /** A JSON object whose fields are wrong: missing, mistyped or out of range, each named in {@code errors}. */
    static FeedbackRejectedException malformed(List<FieldError> errors) {
        String fields = String.join(
                ", ",
                errors.stream()
                        .map(FieldError::field)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList());
        return new FeedbackRejectedException(
                FeedbackOutcome.MALFORMED,
                false,
                fields.isEmpty() ? "not a valid feedback event" : "not a valid feedback event: check " + fields,
                errors);
    }

    /** A body that is not a JSON object at all (empty, not JSON, an array...); {@code detail} says which. */
    static FeedbackRejectedException malformedBody(String detail, FieldError error) {
        return new FeedbackRejectedException(FeedbackOutcome.MALFORMED, true, detail, List.of(error));
    }

    /** True when the body could not be read as a JSON object; false when its fields are wrong. */
    boolean unreadable() {
        return unreadable;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // Refusals are expected and fully described by their problem detail.
        return this;
    }

    /** {@link FeedbackOutcome#UNAUTHORIZED} or {@link FeedbackOutcome#MALFORMED}. */
    public FeedbackOutcome outcome() {
        return outcome;
    }

    public List<FieldError> errors() {
        return errors;
    }
}

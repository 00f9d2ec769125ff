package io.marketflow.pipeline.feedback;

import java.util.List;

/** A feedback request refused as a whole: 401 when it cannot be trusted, 400 when it cannot be read. */
public final class FeedbackRejectedException extends RuntimeException {

    /** One reason a body is not a valid FeedbackEvent; {@code field} is its JSON name, null for the whole body. */
    public record FieldError(String field, String message) {}

    private final FeedbackOutcome outcome;
    private final List<FieldError> errors;

    private FeedbackRejectedException(FeedbackOutcome outcome, String message, List<FieldError> errors) {
        super(message);
        this.outcome = outcome;
        this.errors = List.copyOf(errors);
    }

    static FeedbackRejectedException unauthorized(String reason) {
        return new FeedbackRejectedException(FeedbackOutcome.UNAUTHORIZED, reason, List.of());
    }

    static FeedbackRejectedException malformed(List<FieldError> errors) {
        return new FeedbackRejectedException(FeedbackOutcome.MALFORMED, "not a valid feedback event", errors);
    }

    /** {@link FeedbackOutcome#UNAUTHORIZED} or {@link FeedbackOutcome#MALFORMED}. */
    public FeedbackOutcome outcome() {
        return outcome;
    }

    public List<FieldError> errors() {
        return errors;
    }
}

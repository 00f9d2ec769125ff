package io.marketflow.pipeline.feedback;

import io.marketflow.pipeline.web.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps refused feedback requests to RFC 9457 problem details in the store's shape ({@link Problems}): 401 for a
 * signature, 400 {@code malformed-body} or {@code invalid-event} with {@code errors} ({@code [{field, message}]}).
 */
@RestControllerAdvice(assignableTypes = FeedbackController.class)
class FeedbackProblems {

    @ExceptionHandler(FeedbackRejectedException.class)
    ProblemDetail rejected(FeedbackRejectedException e) {
        if (e.outcome() == FeedbackOutcome.UNAUTHORIZED) {
            return Problems.problem(
                    HttpStatus.UNAUTHORIZED, "unauthorized", "Feedback signature rejected", e.getMessage());
        }
        return Problems.badRequest(
                e.unreadable() ? "malformed-body" : "invalid-event",
                e.unreadable() ? "Malformed request body" : "Invalid feedback event",
                e.getMessage(),
                e.errors().stream()
                        .map(error -> {
                            Map<String, String> entry = new LinkedHashMap<>();
                            if (error.field() != null) {
                                entry.put("field", error.field());
                            }
                            entry.put("message", error.message());
                            return entry;
                        })
                        .toList());
    }
}

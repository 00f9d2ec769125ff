package io.marketflow.pipeline.feedback;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps refused feedback requests to RFC 9457 problem details, in the store's shape: a {@code type} from the same
 * {@code urn:marketflow:problem:} family, a {@code title}, a {@code detail} in the client's terms, and
 * {@code errors} ({@code [{field, message}]}) with {@code error_count}.
 */
@RestControllerAdvice(assignableTypes = FeedbackController.class)
class FeedbackProblems {

    static final URI MALFORMED_BODY = problemType("malformed-body");
    static final URI INVALID_EVENT = problemType("invalid-event");
    static final URI UNAUTHORIZED = problemType("unauthorized");

    @ExceptionHandler(FeedbackRejectedException.class)
    ProblemDetail rejected(FeedbackRejectedException e) {
        if (e.outcome() == FeedbackOutcome.UNAUTHORIZED) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
            problem.setType(UNAUTHORIZED);
            problem.setTitle("Feedback signature rejected");
            return problem;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(e.unreadable() ? MALFORMED_BODY : INVALID_EVENT);
        problem.setTitle(e.unreadable() ? "Malformed request body" : "Invalid feedback event");
        problem.setProperty(
                "errors",
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
        problem.setProperty("error_count", e.errors().size());
        return problem;
    }

    private static URI problemType(String name) {
        return URI.create("urn:marketflow:problem:" + name);
    }
}

package io.marketflow.pipeline.feedback;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps refused feedback requests to RFC 9457 problem details. */
@RestControllerAdvice(assignableTypes = FeedbackController.class)
class FeedbackProblems {

    @ExceptionHandler(FeedbackRejectedException.class)
    ProblemDetail rejected(FeedbackRejectedException e) {
        if (e.outcome() == FeedbackOutcome.UNAUTHORIZED) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
            problem.setTitle("Feedback signature rejected");
            return problem;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Malformed feedback event");
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
        return problem;
    }
}

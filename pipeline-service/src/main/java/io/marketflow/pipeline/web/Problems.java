package io.marketflow.pipeline.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem details in the store's shape, for every pipeline endpoint alike: a {@code type} from the
 * {@code urn:marketflow:problem:} family, a {@code title}, a {@code detail} in the client's terms, and for
 * refused input {@code errors} with {@code error_count}.
 */
public final class Problems {

    private Problems() {}

    /** {@code urn:marketflow:problem:<name>}. */
    public static URI type(String name) {
        return URI.create("urn:marketflow:problem:" + name);
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(type));
        problem.setTitle(title);
        return problem;
    }

    /** A 400 listing what is wrong: {@code errors} (each {@code {field?, message}}) and their count. */
    public static ProblemDetail badRequest(String type, String title, String detail, List<?> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, type, title, detail);
        problem.setProperty("errors", errors);
        problem.setProperty("error_count", errors.size());
        return problem;
    }
}

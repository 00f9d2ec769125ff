package io.marketflow.store.web;

import io.marketflow.store.coordinator.AdmissionRefusedException;
import io.marketflow.store.coordinator.CoordinatorClosedException;
import io.marketflow.store.coordinator.DeadLetterUnavailableException;
import io.marketflow.store.coordinator.JournalUnavailableException;
import io.marketflow.store.coordinator.QueueFullException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The store's error responses (RFC 9457), built here and nowhere else. Callers throw what these factories
 * return; {@link ProblemHandlingAdvice} and {@link ProblemHandlingWebExceptionHandler} render it as
 * {@code application/problem+json}. Every problem names what was wrong; request problems list each bad item or
 * parameter in the {@code errors} property.
 */
public final class ProblemHandling {

    /** At most this many entries go into {@code errors}; {@code error_count} still says how many there were. */
    public static final int MAX_REPORTED_ERRORS = FieldError.MAX_REPORTED;

    /** Seconds a client is asked to wait while the store shuts down and another instance takes over. */
    static final Duration SHUTDOWN_RETRY_AFTER = Duration.ofSeconds(5);

    /** Seconds a client is asked to wait while the dead-letter queue fails: an operator has to act first. */
    static final Duration DEAD_LETTER_RETRY_AFTER = Duration.ofSeconds(30);

    static final URI INVALID_ITEMS = problemType("invalid-items");
    static final URI MALFORMED_BODY = problemType("malformed-body");
    static final URI INVALID_PARAMETER = problemType("invalid-parameter");
    static final URI TOO_LARGE = problemType("too-large");
    static final URI QUEUE_FULL = problemType("queue-full");
    static final URI BUSY = problemType("busy");
    static final URI SHUTTING_DOWN = problemType("shutting-down");
    static final URI DEAD_LETTER_UNAVAILABLE = problemType("dead-letter-unavailable");
    static final URI JOURNAL_UNAVAILABLE = problemType("journal-unavailable");
    static final URI UNAUTHORIZED = problemType("unauthorized");
    static final URI CONFLICT = problemType("conflict");

    private ProblemHandling() {}

    /**
     * A rejected request. Stack traces are not filled in: rejections are expected under load (429 storms) and
     * are fully described by their problem detail.
     */
    public static final class Problem extends ErrorResponseException {

        private Problem(HttpStatus status, URI type, String title, String detail) {
            super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
            getBody().setType(type);
            getBody().setTitle(title);
        }

        private Problem errors(List<FieldError> errors, int total) {
            List<FieldError> reported = errors.subList(0, Math.min(errors.size(), MAX_REPORTED_ERRORS));
            getBody().setProperty("errors", List.copyOf(reported));
            getBody().setProperty("error_count", Math.max(total, errors.size()));
            return this;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * 400: items of the request failed binding or validation, with {@code errorCount} errors in all; {@code detail}
     * says how many items and that nothing of the request was queued.
     */
    public static Problem invalidItems(String detail, List<FieldError> errors, int errorCount) {
        return new Problem(HttpStatus.BAD_REQUEST, INVALID_ITEMS, "Invalid items", detail).errors(errors, errorCount);
    }

    /** 400: the body is not the JSON it should be; {@code errors} holds what was found up to that point. */
    public static Problem malformedBody(String detail, List<FieldError> errors, int total) {
        return new Problem(HttpStatus.BAD_REQUEST, MALFORMED_BODY, "Malformed request body", detail)
                .errors(errors, total);
    }

    /** 400: query parameters that are missing or out of range, each named in {@code errors}. */
    public static Problem invalidParameters(List<FieldError> errors) {
        String names = String.join(
                ", ", errors.stream().map(FieldError::field).distinct().toList());
        return new Problem(
                        HttpStatus.BAD_REQUEST, INVALID_PARAMETER, "Invalid parameter", "invalid parameter: " + names)
                .errors(errors, errors.size());
    }

    public static Problem invalidParameter(String name, String message) {
        return invalidParameters(List.of(new FieldError(null, name, message)));
    }

    /** 413: the request exceeds a size limit; {@code detail} names the limit and its setting. */
    public static Problem tooLarge(String detail) {
        return new Problem(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE, "Request too large", detail);
    }

    /**
     * 401 with {@code WWW-Authenticate: Bearer}. When the client presented a key that matched none,
     * {@code error="invalid_token"} tells it so (RFC 6750 §3.1).
     */
    public static Problem unauthorized(boolean keyPresented) {
        Problem problem = new Problem(
                HttpStatus.UNAUTHORIZED,
                UNAUTHORIZED,
                "Unauthorized",
                keyPresented
                        ? "the API key in the Authorization header is not valid"
                        : "this endpoint needs an Authorization: Bearer <API key> header");
        problem.getHeaders()
                .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        keyPresented
                                ? "Bearer realm=\"marketflow\", error=\"invalid_token\""
                                : "Bearer realm=\"marketflow\"");
        return problem;
    }

    /** 409: the request collides with one still running (a dead-letter replay of the same kind). */
    public static Problem conflict(String detail) {
        return new Problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", detail);
    }

    /** The answer to a request the coordinator refused to admit: one of the four problems below, by kind. */
    public static Problem refused(AdmissionRefusedException cause) {
        if (cause instanceof QueueFullException full) {
            return queueFull(full);
        }
        if (cause instanceof CoordinatorClosedException closing) {
            return shuttingDown(closing);
        }
        if (cause instanceof DeadLetterUnavailableException deadLetters) {
            return deadLetterUnavailable(deadLetters);
        }
        return journalUnavailable((JournalUnavailableException) cause);
    }

    /** 429 when the queue refused at once ({@code error} strategy), 503 when it stayed full ({@code block}). */
    public static Problem queueFull(QueueFullException cause) {
        HttpStatus status = cause.timedOut() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.TOO_MANY_REQUESTS;
        Problem problem = new Problem(status, QUEUE_FULL, "Write queue full", cause.getMessage());
        return retryAfter(problem, cause.retryAfter());
    }

    /**
     * 503: the store already holds as many bytes of request bodies as it may ({@code MDS_INGEST_MAX_INFLIGHT_BYTES});
     * nothing of the request was queued, and a retry a second later usually fits.
     */
    public static Problem busy(String detail) {
        return retryAfter(
                new Problem(HttpStatus.SERVICE_UNAVAILABLE, BUSY, "Too many request bodies at once", detail),
                Duration.ofSeconds(1));
    }

    /** 503: the store is shutting down and admits nothing more. */
    public static Problem shuttingDown(CoordinatorClosedException cause) {
        Problem problem =
                new Problem(HttpStatus.SERVICE_UNAVAILABLE, SHUTTING_DOWN, "Shutting down", cause.getMessage());
        return retryAfter(problem, SHUTDOWN_RETRY_AFTER);
    }

    /**
     * 503: the dead-letter queue refuses records, so nothing new is admitted; items already admitted are kept
     * and will be written or parked once it recovers.
     */
    public static Problem deadLetterUnavailable(DeadLetterUnavailableException cause) {
        Problem problem = new Problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                DEAD_LETTER_UNAVAILABLE,
                "Dead-letter queue unavailable",
                "the store cannot write its dead-letter queue, so it takes no new items until an operator fixes it;"
                        + " nothing of this request was queued");
        return retryAfter(problem, DEAD_LETTER_RETRY_AFTER);
    }

    /** 503: the write-ahead journal cannot make items durable (disk full or failing); nothing was accepted. */
    public static Problem journalUnavailable(JournalUnavailableException cause) {
        Problem problem = new Problem(
                HttpStatus.SERVICE_UNAVAILABLE, JOURNAL_UNAVAILABLE, "Journal unavailable", cause.getMessage());
        return retryAfter(problem, cause.retryAfter());
    }

    /** 500 for anything unexpected: a bare problem that leaks nothing; the caller logs the cause. */
    static ProblemDetail unexpected() {
        return ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "the store could not handle this request; see its log");
    }

    /** Whole seconds, rounded up and at least 1, as {@code Retry-After} wants them. */
    static long retryAfterSeconds(Duration wait) {
        if (wait == null || wait.isNegative() || wait.isZero()) {
            return 1;
        }
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private static Problem retryAfter(Problem problem, Duration wait) {
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(wait)));
        return problem;
    }

    private static URI problemType(String name) {
        return URI.create("urn:marketflow:problem:" + name);
    }
}

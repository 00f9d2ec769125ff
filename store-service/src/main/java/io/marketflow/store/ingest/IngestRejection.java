package io.marketflow.store.ingest;

import io.marketflow.store.web.FieldError;
import java.util.List;

/**
 * Why the parser refuses an ingest request: too large (413), not JSON/CSV at all, or items that fail binding or
 * validation (400), with the broken fields. Plain Java, so the parser does not depend on the web layer; the
 * ingest edge ({@link KindIngest}) turns it into the problem+json answer. No stack trace is filled in: refusals
 * are expected under load and fully described by their reason, detail and errors.
 */
final class IngestRejection extends RuntimeException {

    /** The parser keeps at most this many errors; {@link #errorCount()} still says how many there were. */
    static final int MAX_REPORTED_ERRORS = FieldError.MAX_REPORTED;

    enum Reason {
        INVALID_ITEMS(400),
        MALFORMED_BODY(400),
        TOO_LARGE(413);

        private final int status;

        Reason(int status) {
            this.status = status;
        }
    }

    private final Reason reason;
    private final List<FieldError> errors;
    private final int errorCount;

    private IngestRejection(Reason reason, String detail, List<FieldError> errors, int errorCount) {
        super(detail, null, false, false);
        this.reason = reason;
        this.errors = List.copyOf(errors.subList(0, Math.min(errors.size(), MAX_REPORTED_ERRORS)));
        this.errorCount = Math.max(errorCount, errors.size());
    }

    /** {@code invalidItems} of the request's {@code itemCount} items are invalid, with {@code errorCount} errors. */
    static IngestRejection invalidItems(List<FieldError> errors, int errorCount, int invalidItems, int itemCount) {
        String detail = invalidItems + " of " + itemCount + " items " + (invalidItems == 1 ? "is" : "are")
                + " invalid; nothing of this request was queued";
        return new IngestRejection(Reason.INVALID_ITEMS, detail, errors, errorCount);
    }

    /** The body is not the JSON (or CSV) it should be; {@code errors} holds what was found up to that point. */
    static IngestRejection malformedBody(String detail, List<FieldError> errors, int errorCount) {
        return new IngestRejection(Reason.MALFORMED_BODY, detail, errors, errorCount);
    }

    /** A size limit is crossed; {@code detail} names the limit and its setting. */
    static IngestRejection tooLarge(String detail) {
        return new IngestRejection(Reason.TOO_LARGE, detail, List.of(), 0);
    }

    Reason reason() {
        return reason;
    }

    /** The HTTP status this refusal is answered with. */
    int status() {
        return reason.status;
    }

    String detail() {
        return getMessage();
    }

    /** At most {@link #MAX_REPORTED_ERRORS} of them. */
    List<FieldError> errors() {
        return errors;
    }

    int errorCount() {
        return errorCount;
    }
}

package io.marketflow.pipeline.feedback;

import java.util.Locale;

/** What became of one received feedback event; the lower-case name is the metric's {@code outcome} tag. */
public enum FeedbackOutcome {
    /** The event updated its coordinator's level. */
    APPLIED,
    /** Its seq was older than the last one applied for the coordinator. */
    STALE,
    /** Its webhook-id, or its seq, was already seen. */
    DUPLICATE,
    /** The body was not a valid FeedbackEvent (400). */
    MALFORMED,
    /** A secret is set and the signature was missing, wrong or out of the time window (401). */
    UNAUTHORIZED,
    /** Feedback is switched off; the event was accepted and dropped. */
    DISABLED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

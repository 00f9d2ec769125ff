package io.marketflow.pipeline.feedback;

/** Told about every request to the feedback endpoint; implementations must be cheap and must not throw. */
public interface FeedbackListener {

    /** Tag value for a coordinator or level that could not be read or trusted. */
    String UNKNOWN = "unknown";

    /**
     * @param coordinatorTag a tracked coordinator id, {@link FeedbackHandler#OVERFLOW_ID} or {@link #UNKNOWN}
     * @param levelTag {@code ok}, {@code soft}, {@code hard} or {@link #UNKNOWN}
     */
    void onEvent(String coordinatorTag, String levelTag, FeedbackOutcome outcome);

    FeedbackListener NONE = (coordinatorTag, levelTag, outcome) -> {};
}

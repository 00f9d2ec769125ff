package io.marketflow.store.feedback;

/**
 * What a coordinator measures besides its level, as a {@link FeedbackPublisher} reads it for every event.
 *
 * @param queueSize items queued now
 * @param drainRate items per second the coordinator can write, or {@code null} before it has measured any
 * @param queueDelayMs age of the oldest queued item in milliseconds (0 when nothing is queued), or {@code null}
 *     when not measured
 */
public record Measurements(int queueSize, Double drainRate, Long queueDelayMs) {

    /** Only the queue size, as an older source knows it. */
    public static Measurements ofQueueSize(int queueSize) {
        return new Measurements(queueSize, null, null);
    }
}

package io.marketflow.store.lane;

import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.deadletter.DeadLetterShelf;
import io.marketflow.store.feedback.FeedbackPublisher;

/**
 * Everything the store runs for one {@link DataKind}, built once at start-up: the write coordinator that queues and
 * writes its items, the dead-letter shelf that keeps what could not be written (and replays it), the publisher of
 * its feedback events, and its metrics.
 *
 * @param <T> the kind's item type
 */
public record Lane<T>(
        DataKind kind,
        Class<T> type,
        WriteCoordinator<T> coordinator,
        DeadLetterShelf<T> deadLetters,
        FeedbackPublisher feedback,
        LaneMetrics metrics) {

    // Built once, by the wiring, from collaborators it has just made: only a kind paired with the wrong item type
    // is worth checking.
    public Lane {
        if (type != kind.type()) {
            throw new IllegalArgumentException(
                    kind + " items are " + kind.type().getName() + ", not " + type);
        }
    }
}

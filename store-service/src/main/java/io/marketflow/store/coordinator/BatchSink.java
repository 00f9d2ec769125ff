package io.marketflow.store.coordinator;

import java.util.List;

/**
 * Where a coordinator's workers write. Implementations write the whole batch as one upsert in one
 * transaction (last write wins on the key), so a batch is either fully committed or not at all, and writing
 * the same batch twice is harmless.
 *
 * @param <T> item type
 */
public interface BatchSink<T> {

    /**
     * Writes {@code batch} and returns once it is committed. Blocks the calling worker thread. Throws on any
     * failure; the caller uses a {@link FailureClassifier} to decide between retrying and isolating bad rows.
     */
    void write(List<T> batch) throws Exception;

    /** Short, bounded name used in logs and metric tags ({@code bars}, {@code options}, ...). */
    String name();
}

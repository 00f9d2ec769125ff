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

    /**
     * A hash of {@code item}'s key as this sink compares keys: items it would write to one row must get equal
     * hashes; unequal keys may collide. The coordinator never lets two workers hold items with equal hashes at
     * once, so of two versions of one key the one admitted later is written later and is the one kept. A
     * collision only makes an item wait for the batch that holds the other.
     *
     * <p>By default an item is its own key ({@link Object#hashCode}); a sink whose key is only part of the item
     * must say so here.
     */
    default long keyHash(T item) {
        return item.hashCode();
    }

    /**
     * The sink one worker writes through, used by that worker's thread only: it may keep something from one batch
     * to the next (a database connection) until {@link #idle()}. Called once per worker; by default the sink itself.
     */
    default BatchSink<T> forOneWorker() {
        return this;
    }

    /**
     * The worker writing through {@link #forOneWorker()} has nothing to write for now (its queue is empty, its breaker is not closed, or it is
     * stopping): let go of whatever the sink keeps for that worker between batches, such as a database connection.
     * Called on the worker's thread; must not throw. By default there is nothing to let go of.
     */
    default void idle() {}

    /** Short, bounded name used in logs and metric tags ({@code bars}, {@code options}, ...). */
    String name();
}

package io.marketflow.store.coordinator;

import java.io.IOException;
import java.util.List;

/**
 * Durable parking place for items that could not be written. {@link #deadLetter} returns only once the
 * record is on disk (flushed and synced), because the caller forgets the items right after.
 *
 * @param <T> item type
 */
public interface DeadLetterSink<T> {

    void deadLetter(List<T> items, String error, int attempts) throws IOException;
}

package io.marketflow.store.ingest;

/**
 * Splits a body, fed in chunks as it arrives, into items, handing each one to a callback as soon as it is
 * complete. Implementations throw {@link tools.jackson.core.JacksonException} when the body cannot be split.
 * Not thread-safe: feed from one thread at a time.
 */
interface Framing {

    void feed(byte[] bytes, int offset, int length);

    /** The body is complete; hands over what is left, or throws if the body ended in the middle of an item. */
    void endOfInput();

    /** Whether framing has reached the items, so that an error can be blamed on the item being read. */
    boolean insideItems();
}

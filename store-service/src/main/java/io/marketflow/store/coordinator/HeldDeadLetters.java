package io.marketflow.store.coordinator;

/**
 * The items the dead-letter queue refused, held in memory by a {@link WriteCoordinator} until it takes them;
 * while any is held the coordinator admits nothing ({@link DeadLetterUnavailableException}).
 */
public interface HeldDeadLetters {

    /** Why the dead-letter queue refuses records, or {@code null} when it takes them (nothing is held). */
    String failure();

    /** Items held now. */
    int items();

    /**
     * Tries again to park the held items, oldest first, stopping at the first refusal; call it periodically.
     * Returns {@code true} when none is held any more. Concurrent calls return {@code false} at once.
     */
    boolean retry();
}

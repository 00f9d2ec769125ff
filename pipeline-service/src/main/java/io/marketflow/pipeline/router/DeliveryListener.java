package io.marketflow.pipeline.router;

/** Told what became of the bars the router sent; implementations must be cheap and must not throw. */
public interface DeliveryListener {

    /** The store accepted {@code bars} bars from {@code provider}. */
    void accepted(String provider, int bars);

    /** The store refused {@code bars} bars for good (4xx other than 429/413). */
    void rejected(String provider, int bars);

    /** {@code bars} refused bars of {@code provider} are parked in the dead-letter queue. */
    default void deadLettered(String provider, int bars) {}

    /**
     * The store answered {@code status} (429 or 503: its queue is full) to a batch of {@code provider}; the
     * router sends it again later. Under a working feedback loop this should not happen at all.
     */
    default void throttled(String provider, int status) {}

    DeliveryListener NONE = new DeliveryListener() {
        @Override
        public void accepted(String provider, int bars) {}

        @Override
        public void rejected(String provider, int bars) {}
    };
}

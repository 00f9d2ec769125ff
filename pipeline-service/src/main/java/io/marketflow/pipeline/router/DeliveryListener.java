package io.marketflow.pipeline.router;

/** Told what became of the bars the router sent; implementations must be cheap and must not throw. */
public interface DeliveryListener {

    /** The store accepted {@code bars} bars from {@code provider}. */
    void accepted(String provider, int bars);

    /** The store refused {@code bars} bars for good (4xx other than 429/413); they were dropped. */
    void rejected(String provider, int bars);

    DeliveryListener NONE = new DeliveryListener() {
        @Override
        public void accepted(String provider, int bars) {}

        @Override
        public void rejected(String provider, int bars) {}
    };
}

package io.marketflow.store.ingest;

/** When an ingest request is answered: once its items are queued (202), or once they are committed (200). */
public enum Ack {
    QUEUED,
    COMMITTED
}

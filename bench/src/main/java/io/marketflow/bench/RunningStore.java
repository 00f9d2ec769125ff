package io.marketflow.bench;

import java.net.URI;
import java.util.Map;

/** A store the load generator can post to: its ingest URI and the process whose memory and CPU are measured. */
interface RunningStore extends AutoCloseable {

    URI ingest();

    long pid();

    /** Stops the store; it drains what it has queued first. */
    @Override
    void close();

    /** Starts a store with these environment settings ({@code MDS_*}, {@code POSTGRES_*}) and waits until it is UP. */
    @FunctionalInterface
    interface Launcher {
        RunningStore start(Map<String, String> settings) throws Exception;
    }
}

package io.marketflow.store.system;

import org.springframework.context.SmartLifecycle;

/**
 * A part of the store that starts and stops at a fixed point relative to the others, all named here: the
 * coordinators start first and stop last, so everything admitted is drained before the connection pool closes;
 * the journal replay runs after them and before the web server takes requests (a lower phase starts earlier
 * and stops later).
 */
abstract class OrderedLifecycle implements SmartLifecycle {

    static final int COORDINATORS = SmartLifecycle.DEFAULT_PHASE - 4096;
    static final int JOURNAL_REPLAY = COORDINATORS + 96;

    private final int phase;
    private volatile boolean running;

    OrderedLifecycle(int phase) {
        this.phase = phase;
    }

    /** Starts this part; it counts as running once this returns. */
    abstract void starting();

    /** Stops this part; it no longer counts as running when this is called. */
    abstract void stopping();

    @Override
    public final void start() {
        starting();
        running = true;
    }

    @Override
    public final void stop() {
        running = false;
        stopping();
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final int getPhase() {
        return phase;
    }
}

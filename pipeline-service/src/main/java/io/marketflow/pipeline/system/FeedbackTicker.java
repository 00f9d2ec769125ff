package io.marketflow.pipeline.system;

import io.marketflow.pipeline.feedback.FeedbackHandler;
import io.marketflow.pipeline.lifecycle.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.scheduler.Schedulers;

/** Re-evaluates feedback periodically, so stale levels expire and step-wise policies move between events. */
final class FeedbackTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedbackTicker.class);

    private final PeriodicTask ticking;
    private final boolean enabled;

    /** @param enabled false when feedback is switched off: then there is nothing to re-evaluate */
    FeedbackTicker(FeedbackHandler handler, Duration period, boolean enabled) {
        // A failed run is logged and the next one comes anyway: expiry must keep working.
        this.ticking = new PeriodicTask(
                handler::reevaluate, period, Schedulers.parallel(), e -> log.error("feedback re-evaluation failed", e));
        this.enabled = enabled;
    }

    @Override
    public void start() {
        if (enabled) {
            ticking.start();
        }
    }

    @Override
    public void stop() {
        ticking.stop();
    }

    @Override
    public boolean isRunning() {
        return ticking.isRunning();
    }
}

package io.marketflow.pipeline.system;

import io.marketflow.pipeline.feedback.FeedbackHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/** Re-evaluates feedback periodically, so stale levels expire and step-wise policies move between events. */
final class FeedbackTicker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FeedbackTicker.class);

    private final FeedbackHandler handler;
    private final Duration period;
    private final boolean enabled;
    private volatile Disposable ticking;

    /** @param enabled false when feedback is switched off: then there is nothing to re-evaluate */
    FeedbackTicker(FeedbackHandler handler, Duration period, boolean enabled) {
        this.handler = handler;
        this.period = period;
        this.enabled = enabled;
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        long millis = Math.max(1, period.toMillis());
        ticking = Schedulers.parallel().schedulePeriodically(this::tick, 0, millis, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            handler.reevaluate();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; expiry must keep working.
            log.error("feedback re-evaluation failed", e);
        }
    }

    @Override
    public void stop() {
        Disposable current = ticking;
        if (current != null) {
            current.dispose();
            ticking = null;
        }
    }

    @Override
    public boolean isRunning() {
        return ticking != null;
    }
}

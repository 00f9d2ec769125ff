package io.marketflow.pipeline.lifecycle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A task run on a scheduler once per period, from {@link #start()} until {@link #stop()}: the running half of a
 * periodic lifecycle bean. A run that throws is handed to {@code onFailure} and the task runs again next period
 * (a periodic task that throws is otherwise never run again).
 */
public final class PeriodicTask {

    private final Runnable guarded;
    private final long periodMillis;
    private final Scheduler scheduler;
    private volatile Disposable running;

    /** @param onFailure reports a failed run (typically a log line); must not throw */
    public PeriodicTask(Runnable task, Duration period, Scheduler scheduler, Consumer<RuntimeException> onFailure) {
        this.guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        };
        this.periodMillis = Math.max(1, period.toMillis());
        this.scheduler = scheduler;
    }

    /** Runs the task now, then once per period. */
    public void start() {
        running = scheduler.schedulePeriodically(guarded, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
            running = null;
        }
    }

    public boolean isRunning() {
        return running != null;
    }
}

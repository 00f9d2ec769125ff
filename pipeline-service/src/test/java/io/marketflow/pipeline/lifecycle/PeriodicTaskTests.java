package io.marketflow.pipeline.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

class PeriodicTaskTests {

    private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    private final AtomicInteger runs = new AtomicInteger();
    private final List<RuntimeException> failures = new ArrayList<>();

    @Test
    void runsAtStartThenOncePerPeriodUntilStopped() {
        PeriodicTask task = new PeriodicTask(runs::incrementAndGet, Duration.ofMillis(250), scheduler, failures::add);
        assertThat(task.isRunning()).isFalse();

        task.start();
        assertThat(task.isRunning()).isTrue();
        assertThat(runs).hasValue(1);
        scheduler.advanceTimeBy(Duration.ofMillis(500));
        assertThat(runs).hasValue(3);

        task.stop();
        assertThat(task.isRunning()).isFalse();
        scheduler.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(runs).hasValue(3);
    }

    @Test
    void keepsRunningAfterARunThrowsAndReportsTheFailure() {
        PeriodicTask task = new PeriodicTask(
                () -> {
                    if (runs.incrementAndGet() == 1) {
                        throw new IllegalStateException("first run fails");
                    }
                },
                Duration.ofMillis(100),
                scheduler,
                failures::add);

        task.start();
        scheduler.advanceTimeBy(Duration.ofMillis(200));

        assertThat(runs).hasValue(3);
        assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("first run fails");
    }

    @Test
    void stopBeforeStartDoesNothing() {
        PeriodicTask task = new PeriodicTask(runs::incrementAndGet, Duration.ofMillis(100), scheduler, failures::add);

        task.stop();

        assertThat(task.isRunning()).isFalse();
        assertThat(runs).hasValue(0);
    }
}

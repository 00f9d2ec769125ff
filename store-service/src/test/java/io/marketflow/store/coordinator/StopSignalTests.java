package io.marketflow.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StopSignalTests {

    // Never moves: a pause can only end by a wake-up or by abandoning.
    final ManualNanoTime time = new ManualNanoTime();
    final StopSignal stop = new StopSignal(time);

    @Test
    void aWakeUpBetweenTheLookAndThePauseIsNotLost() {
        long seen = stop.generation();
        stop.wakeAll(); // e.g. the circuit closed while the worker was deciding to wait

        assertThat(stop.pauseSince(seen, Duration.ofHours(1))).isTrue();
    }

    @Test
    void aPauseEndsWhenWokenAndWhenAbandoned() throws Exception {
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> stop.pause(Duration.ofHours(1)));
        time.awaitLookedAgain(2);
        stop.wakeAll();
        assertThat(woken.get(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> abandoned = CompletableFuture.supplyAsync(() -> stop.pause(Duration.ofHours(1)));
        time.awaitLookedAgain(2);
        stop.abandon();
        assertThat(abandoned.get(30, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aPauseEndsWhenItsTimeHasPassed() throws Exception {
        CompletableFuture<Boolean> paused = CompletableFuture.supplyAsync(() -> stop.pause(Duration.ofSeconds(5)));
        time.awaitLookedAgain(2);

        time.advance(Duration.ofSeconds(5));

        assertThat(paused.get(30, TimeUnit.SECONDS)).isTrue();
    }
}

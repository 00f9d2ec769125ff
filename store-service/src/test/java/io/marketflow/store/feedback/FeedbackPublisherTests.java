package io.marketflow.store.feedback;

import static io.marketflow.contracts.BackpressureLevel.HARD;
import static io.marketflow.contracts.BackpressureLevel.OK;
import static io.marketflow.contracts.BackpressureLevel.SOFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.contracts.time.NanoTimeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

class FeedbackPublisherTests {

    private static final Instant START = Instant.parse("2025-10-15T14:30:00Z");
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Duration BUSY = Duration.ofMillis(250);

    private final FeedbackBus bus = new FeedbackBus();
    private final EventRecorder recorder = new EventRecorder();
    private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    private final Clock clock = new NanoTimeClock(START, () -> scheduler.now(TimeUnit.NANOSECONDS));
    private final AtomicInteger queueSize = new AtomicInteger();

    FeedbackPublisherTests() {
        bus.subscribe("recorder", recorder);
    }

    @AfterEach
    void closeBus() {
        bus.close();
        scheduler.dispose();
    }

    private FeedbackPublisher publisher(String coordinatorId, Clock clock) {
        return new FeedbackPublisher(coordinatorId, 10_000, bus, clock);
    }

    @Test
    void publishesExactlyOneEventPerLevelTransition() {
        FeedbackPublisher publisher = publisher("bars-coord", clock);

        publisher.levelChanged(SOFT, 5_001);
        publisher.levelChanged(HARD, 8_000);
        publisher.levelChanged(HARD, 8_100); // not a transition
        publisher.levelChanged(SOFT, 7_999);
        publisher.levelChanged(OK, 5_000);

        List<FeedbackEvent> events = recorder.drain(bus);
        assertThat(events).extracting(FeedbackEvent::level).containsExactly(SOFT, HARD, SOFT, OK);
        assertThat(events).extracting(FeedbackEvent::queueSize).containsExactly(5_001, 8_000, 7_999, 5_000);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.coordinatorId()).isEqualTo("bars-coord");
            assertThat(event.capacity()).isEqualTo(10_000);
            assertThat(event.reason()).isEqualTo(FeedbackPublisher.REASON_LEVEL_CHANGE);
            assertThat(event.ts()).isEqualTo(START);
        });
        assertThat(events).extracting(FeedbackEvent::seq).isSorted().doesNotHaveDuplicates();
        assertThat(bus.published(HARD)).isEqualTo(1);
        assertThat(bus.published(SOFT)).isEqualTo(2);
        assertThat(publisher.level()).isEqualTo(OK);
        assertThat(publisher.lastSeq()).isEqualTo(events.get(3).seq());
    }

    @Test
    void numbersEachCoordinatorsEventsOnItsOwn() {
        FeedbackPublisher bars = publisher("bars-coord", clock);
        FeedbackPublisher options = publisher("options-coord", clock);

        bars.levelChanged(SOFT, 6_000);
        bars.levelChanged(HARD, 9_000);
        bars.levelChanged(SOFT, 6_000);
        options.levelChanged(HARD, 9_000);
        bars.levelChanged(OK, 0);
        options.levelChanged(OK, 0);

        recorder.drain(bus);
        List<Long> barsSeqs =
                recorder.events("bars-coord").stream().map(FeedbackEvent::seq).toList();
        List<Long> optionsSeqs = recorder.events("options-coord").stream()
                .map(FeedbackEvent::seq)
                .toList();
        long first = barsSeqs.get(0);
        assertThat(barsSeqs).containsExactly(first, first + 1, first + 2, first + 3);
        // Both started from the same clock reading; the other coordinator's events did not advance it.
        assertThat(optionsSeqs).containsExactly(first, first + 1);
    }

    @Test
    void aRestartedCoordinatorStartsAboveItsEarlierSeqs() {
        FeedbackPublisher before = publisher("bars-coord", clock);
        for (int i = 0; i < 1_000; i++) {
            before.levelChanged(i % 2 == 0 ? SOFT : OK, i);
        }
        scheduler.advanceTimeBy(Duration.ofSeconds(1));

        FeedbackPublisher after = publisher("bars-coord", clock);
        after.levelChanged(HARD, 9_000);

        List<FeedbackEvent> events = recorder.drain(bus);
        assertThat(events.get(events.size() - 1).seq()).isGreaterThan(before.lastSeq());
    }

    @Test
    void heartbeatPublishesTheCurrentLevelAndQueueSizeEveryInterval() {
        FeedbackPublisher publisher = publisher("bars-coord", clock);
        queueSize.set(12);
        publisher.startHeartbeat(queueSize::get, scheduler, HEARTBEAT);

        scheduler.advanceTime();
        assertThat(bus.published(OK)).as("announces the level on start").isEqualTo(1);

        publisher.levelChanged(SOFT, 6_000);
        queueSize.set(6_500);
        scheduler.advanceTimeBy(HEARTBEAT.minusMillis(1));
        assertThat(bus.published(SOFT)).as("only the transition so far").isEqualTo(1);

        scheduler.advanceTimeBy(Duration.ofMillis(1));
        assertThat(bus.published(SOFT)).isEqualTo(2);
        scheduler.advanceTimeBy(HEARTBEAT.multipliedBy(3));
        assertThat(bus.published(SOFT)).isEqualTo(5);

        publisher.close();
        scheduler.advanceTimeBy(HEARTBEAT.multipliedBy(10));
        assertThat(bus.published(SOFT)).as("no heartbeat after close").isEqualTo(5);

        List<FeedbackEvent> beats = recorder.drain(bus).stream()
                .filter(e -> FeedbackPublisher.REASON_HEARTBEAT.equals(e.reason()))
                .toList();
        assertThat(beats).extracting(FeedbackEvent::level).containsExactly(OK, SOFT, SOFT, SOFT, SOFT);
        assertThat(beats).extracting(FeedbackEvent::queueSize).containsExactly(12, 6_500, 6_500, 6_500, 6_500);
        assertThat(beats)
                .extracting(FeedbackEvent::ts)
                .containsExactly(
                        START,
                        START.plus(HEARTBEAT),
                        START.plus(HEARTBEAT.multipliedBy(2)),
                        START.plus(HEARTBEAT.multipliedBy(3)),
                        START.plus(HEARTBEAT.multipliedBy(4)));
        List<FeedbackEvent> all = recorder.events();
        assertThat(all).extracting(FeedbackEvent::seq).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void heartbeatOutlivesAFailingQueueSizeReading() {
        AtomicInteger reads = new AtomicInteger();
        FeedbackPublisher publisher = publisher("bars-coord", clock);
        IntSupplier failingOnce = () -> {
            if (reads.incrementAndGet() == 2) {
                throw new IllegalStateException("queue gone");
            }
            return 7;
        };
        publisher.startHeartbeat(failingOnce, scheduler, HEARTBEAT);

        scheduler.advanceTimeBy(HEARTBEAT.multipliedBy(3));

        assertThat(reads).hasValue(4);
        assertThat(bus.published(OK)).isEqualTo(3);
    }

    @Test
    void heartbeatsAndTransitionsFromManyThreadsStayInSeqOrder() {
        FeedbackPublisher publisher = publisher("bars-coord", Clock.fixed(START, ZoneOffset.UTC));
        publisher.startHeartbeat(queueSize::get, scheduler, Duration.ofMillis(1));

        CompletableFuture<Void> beats =
                CompletableFuture.runAsync(() -> scheduler.advanceTimeBy(Duration.ofSeconds(5)));
        CompletableFuture<Void> transitions = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 5_000; i++) {
                publisher.levelChanged(i % 2 == 0 ? HARD : SOFT, i);
            }
        });
        CompletableFuture.allOf(beats, transitions).join();

        List<FeedbackEvent> events = recorder.drain(bus);
        assertThat(bus.published(HARD) + bus.published(SOFT) + bus.published(OK) - 1)
                .isEqualTo(5_000 + 5_001);
        // The recorder may have lost events it fell behind on, never their order.
        assertThat(events).extracting(FeedbackEvent::seq).isSorted().doesNotHaveDuplicates();
        assertThat(events.get(events.size() - 1).seq()).isEqualTo(publisher.lastSeq());
    }

    @Test
    void whileBusyPublishesEveryBusyIntervalAndWhenIdleOnlyEveryHeartbeat() {
        FeedbackPublisher publisher = publisher("bars-coord", clock);
        AtomicReference<Measurements> measured = new AtomicReference<>(new Measurements(0, null, 0L));
        publisher.start(measured::get, scheduler, HEARTBEAT, BUSY);

        scheduler.advanceTime();
        assertThat(bus.published(OK)).as("announces the level on start").isEqualTo(1);
        scheduler.advanceTimeBy(HEARTBEAT.minusMillis(1));
        assertThat(bus.published(OK)).as("idle: nothing before the heartbeat").isEqualTo(1);
        scheduler.advanceTimeBy(Duration.ofMillis(1));
        assertThat(bus.published(OK)).isEqualTo(2);

        measured.set(new Measurements(120, 4_000.0, 30L)); // a backlog while the level is still ok
        scheduler.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(bus.published(OK)).as("busy: every 250 ms").isEqualTo(2 + 4);

        measured.set(new Measurements(0, 4_000.0, 0L));
        publisher.levelChanged(SOFT, 0); // not ok counts as busy even with an empty queue
        scheduler.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(bus.published(SOFT)).isEqualTo(1 + 4);

        publisher.levelChanged(OK, 0);
        long okBefore = bus.published(OK);
        scheduler.advanceTimeBy(HEARTBEAT.minusMillis(1));
        assertThat(bus.published(OK)).as("idle again: back to the heartbeat").isEqualTo(okBefore);
        scheduler.advanceTimeBy(Duration.ofMillis(1));
        assertThat(bus.published(OK)).isEqualTo(okBefore + 1);

        List<FeedbackEvent> events = recorder.drain(bus);
        assertThat(events).extracting(FeedbackEvent::seq).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void everyEventCarriesTheDrainRateAndQueueDelayOnceStarted() {
        FeedbackPublisher publisher = publisher("bars-coord", clock);
        publisher.levelChanged(SOFT, 6_000); // before start: nothing measured yet
        AtomicReference<Measurements> measured = new AtomicReference<>(new Measurements(6_100, 4_250.5, 1_430L));
        publisher.start(measured::get, scheduler, HEARTBEAT, BUSY);
        scheduler.advanceTime();
        publisher.levelChanged(HARD, 8_000);
        measured.set(new Measurements(0, null, 0L)); // a coordinator that has not written yet
        scheduler.advanceTimeBy(BUSY);

        List<FeedbackEvent> events = recorder.drain(bus);
        assertThat(events)
                .extracting(
                        FeedbackEvent::reason,
                        FeedbackEvent::level,
                        FeedbackEvent::drainRate,
                        FeedbackEvent::queueDelayMs)
                .containsExactly(
                        tuple(FeedbackPublisher.REASON_LEVEL_CHANGE, SOFT, null, null),
                        tuple(FeedbackPublisher.REASON_HEARTBEAT, SOFT, 4_250.5, 1_430L),
                        tuple(FeedbackPublisher.REASON_LEVEL_CHANGE, HARD, 4_250.5, 1_430L),
                        tuple(FeedbackPublisher.REASON_HEARTBEAT, HARD, null, 0L));
        assertThat(events).extracting(FeedbackEvent::queueSize).containsExactly(6_000, 6_100, 8_000, 0);
    }

    @Test
    void aFailingMeasurementStillLetsTheLevelChangeThrough() {
        FeedbackPublisher publisher = publisher("bars-coord", clock);
        publisher.start(
                () -> {
                    throw new IllegalStateException("coordinator gone");
                },
                scheduler,
                HEARTBEAT,
                BUSY);
        scheduler.advanceTimeBy(Duration.ofSeconds(1));

        publisher.levelChanged(HARD, 9_000);

        assertThat(recorder.drain(bus)).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(HARD);
            assertThat(event.drainRate()).isNull();
        });
    }

    @Test
    void refusesABusyIntervalLongerThanTheHeartbeat() {
        FeedbackPublisher publisher = publisher("bars-coord", clock);

        assertThatThrownBy(() -> publisher.start(() -> Measurements.ofQueueSize(0), scheduler, BUSY, HEARTBEAT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("busy interval");
    }

    @Test
    void refusesASecondHeartbeat() {
        FeedbackPublisher publisher = publisher("bars-coord", clock);
        publisher.startHeartbeat(queueSize::get, scheduler, HEARTBEAT);

        assertThatThrownBy(() -> publisher.startHeartbeat(queueSize::get, scheduler, HEARTBEAT))
                .isInstanceOf(IllegalStateException.class);
        scheduler.advanceTimeBy(HEARTBEAT);
        assertThat(bus.published(OK)).as("one heartbeat at 0 and one at 5 s").isEqualTo(2);
    }

    @Test
    void rejectsACoordinatorIdTheContractDoesNotAllow() {
        assertThatThrownBy(() -> publisher("bars coord", clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coordinatorId");
    }
}

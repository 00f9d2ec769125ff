package io.marketflow.store.feedback;

import static io.marketflow.contracts.BackpressureLevel.HARD;
import static io.marketflow.contracts.BackpressureLevel.OK;
import static io.marketflow.contracts.BackpressureLevel.SOFT;
import static io.marketflow.store.feedback.EventRecorder.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.marketflow.contracts.FeedbackEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeedbackBusTests {

    private final FeedbackBus bus = new FeedbackBus(16);
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void close() {
        never.countDown(); // lets the blocked subscriber threads end
        bus.close();
    }

    @Test
    void deliversEveryEventToEverySubscriberInPublishOrder() {
        EventRecorder first = new EventRecorder();
        EventRecorder second = new EventRecorder();
        bus.subscribe("first", first);
        bus.subscribe("second", second);

        for (long seq = 1; seq <= 10; seq++) {
            bus.publish(event("bars-coord", seq % 2 == 0 ? SOFT : HARD, seq));
        }

        List<Long> expected = LongStream.rangeClosed(1, 10).boxed().toList();
        assertThat(first.drain(bus)).extracting(FeedbackEvent::seq).isEqualTo(expected);
        assertThat(second.drain(bus)).extracting(FeedbackEvent::seq).isEqualTo(expected);
    }

    @Test
    void aThrowingSubscriberDoesNotStopDeliveryToItselfOrOthers() {
        AtomicInteger calls = new AtomicInteger();
        bus.subscribe("throwing", event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        EventRecorder healthy = new EventRecorder();
        bus.subscribe("healthy", healthy);

        for (long seq = 1; seq <= 5; seq++) {
            bus.publish(event("bars-coord", HARD, seq));
        }

        assertThat(healthy.drain(bus)).extracting(FeedbackEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 6); // five events and the marker
        assertThat(bus.subscriberFailures()).isEqualTo(6);
    }

    @Test
    void aBlockedSubscriberNeitherBlocksPublishNorOtherSubscribers() {
        bus.subscribe("blocked", event -> waitFor(never));
        EventRecorder healthy = new EventRecorder();
        bus.subscribe("healthy", healthy);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (long seq = 1; seq <= 100_000; seq++) {
                bus.publish(event("bars-coord", OK, seq));
            }
        });

        List<FeedbackEvent> received = healthy.drain(bus);
        assertThat(received.get(received.size() - 1).seq()).isEqualTo(100_000);
        assertThat(received).extracting(FeedbackEvent::seq).isSorted();
        // The blocked lane holds at most 16 events (plus the one it is stuck on); the rest were dropped.
        assertThat(bus.dropped()).isGreaterThanOrEqualTo(100_000 - 16);
    }

    @Test
    void aSubscriberThatFallsBehindGetsTheNewestEventsInOrder() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EventRecorder slow = new EventRecorder();
        bus.subscribe("slow", event -> {
            entered.countDown();
            waitFor(release);
            slow.accept(event);
        });

        bus.publish(event("bars-coord", HARD, 1));
        waitFor(entered);
        for (long seq = 2; seq <= 100; seq++) {
            bus.publish(event("bars-coord", HARD, seq));
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> slow.events().size() == 17);
        List<Long> expected = LongStream.concat(LongStream.of(1), LongStream.rangeClosed(85, 100))
                .boxed()
                .toList();
        assertThat(slow.events()).extracting(FeedbackEvent::seq).isEqualTo(expected);
        assertThat(bus.dropped()).isEqualTo(100 - 17);
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore() {
        EventRecorder leaving = new EventRecorder();
        EventRecorder staying = new EventRecorder();
        FeedbackBus.Subscription subscription = bus.subscribe("leaving", leaving);
        bus.subscribe("staying", staying);
        bus.publish(event("bars-coord", SOFT, 1));
        leaving.drain(bus);

        subscription.close();
        bus.publish(event("bars-coord", SOFT, 2));

        assertThat(staying.drain(bus)).extracting(FeedbackEvent::seq).containsExactly(1L, 2L);
        assertThat(leaving.events()).extracting(FeedbackEvent::seq).containsExactly(1L);
        assertThat(bus.subscribers()).isEqualTo(1);
    }

    @Test
    void countsPublishedEventsPerLevelEvenWithoutSubscribers() {
        bus.publish(event("bars-coord", HARD, 1));
        bus.publish(event("bars-coord", HARD, 2));
        bus.publish(event("bars-coord", SOFT, 3));

        assertThat(bus.published(HARD)).isEqualTo(2);
        assertThat(bus.published(SOFT)).isEqualTo(1);
        assertThat(bus.published(OK)).isZero();
    }

    @Test
    void ignoresEventsPublishedAfterClose() {
        bus.close();

        bus.publish(event("bars-coord", HARD, 1));

        assertThat(bus.published(HARD)).isZero();
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

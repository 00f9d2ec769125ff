package io.marketflow.store.feedback;

import static org.awaitility.Awaitility.await;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.FeedbackEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A bus subscriber that keeps what it receives, and can wait until everything published so far arrived. */
final class EventRecorder implements Consumer<FeedbackEvent> {

    static final String MARKER = "marker";
    static final Instant TS = Instant.parse("2025-10-15T14:30:00Z");

    private final List<FeedbackEvent> events = new CopyOnWriteArrayList<>();
    private long markers;

    @Override
    public void accept(FeedbackEvent event) {
        events.add(event);
    }

    List<FeedbackEvent> events() {
        return events.stream().filter(e -> !MARKER.equals(e.coordinatorId())).toList();
    }

    List<FeedbackEvent> events(String coordinatorId) {
        return events.stream()
                .filter(e -> coordinatorId.equals(e.coordinatorId()))
                .toList();
    }

    /**
     * Publishes a marker and waits for it: lanes are FIFO, so every event published before has arrived too.
     */
    List<FeedbackEvent> drain(FeedbackBus bus) {
        FeedbackEvent marker = event(MARKER, BackpressureLevel.OK, ++markers);
        bus.publish(marker);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains(marker));
        return events();
    }

    static FeedbackEvent event(String coordinatorId, BackpressureLevel level, long seq) {
        return new FeedbackEvent(coordinatorId, 10, 100, level, null, TS, seq);
    }
}

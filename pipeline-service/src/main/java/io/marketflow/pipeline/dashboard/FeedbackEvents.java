package io.marketflow.pipeline.dashboard;

import io.marketflow.pipeline.feedback.CoordinatorSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The last feedback events the pipeline applied, newest first, found by sampling the feedback handler's
 * state: a coordinator whose seq or timestamp changed since the previous sample has had an event applied.
 * Events applied between two samples collapse into the last of them, so callers should sample well within
 * the store's spacing of events (level crossings and heartbeats, seconds apart).
 *
 * <p>Heartbeats (events that repeat the coordinator's level) would soon push every level change out of a
 * short list, so a run of them is kept as one entry that counts them and shows the latest. Thread-safe.
 */
final class FeedbackEvents {

    private record Seen(long seq, Instant ts, String level) {}

    private static final Comparator<DashboardSnapshot.Event> NEWEST_FIRST = Comparator.comparing(
                    DashboardSnapshot.Event::ts, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .reversed();

    private final int limit;
    private final Map<String, Seen> seen = new HashMap<>();
    private final LinkedList<DashboardSnapshot.Event> recent = new LinkedList<>();

    /** @param limit how many entries to keep */
    FeedbackEvents(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        this.limit = limit;
    }

    /** Records an event for each coordinator whose last applied event is not the one seen before. */
    synchronized void observe(List<CoordinatorSnapshot> coordinators) {
        for (CoordinatorSnapshot c : coordinators) {
            String level = c.level().wireName();
            Seen previous = seen.get(c.coordinatorId());
            if (previous != null && previous.seq == c.seq() && Objects.equals(previous.ts, c.ts())) {
                continue;
            }
            seen.put(c.coordinatorId(), new Seen(c.seq(), c.ts(), level));
            String from = previous == null ? null : previous.level;
            int count = 1 + (level.equals(from) ? removeHeartbeats(c.coordinatorId(), level) : 0);
            recent.addFirst(
                    new DashboardSnapshot.Event(c.ts(), c.coordinatorId(), from, level, c.seq(), c.queueSize(), count));
            while (recent.size() > limit) {
                recent.removeLast();
            }
        }
    }

    /** Removes the coordinator's newest entry if it is a run of heartbeats at {@code level}; its count. */
    private int removeHeartbeats(String coordinatorId, String level) {
        Iterator<DashboardSnapshot.Event> entries = recent.iterator();
        while (entries.hasNext()) {
            DashboardSnapshot.Event entry = entries.next();
            if (entry.coordinatorId().equals(coordinatorId)) {
                if (entry.isHeartbeat() && entry.to().equals(level)) {
                    entries.remove();
                    return entry.count();
                }
                return 0;
            }
        }
        return 0;
    }

    /** Newest first, by the store's timestamps. */
    synchronized List<DashboardSnapshot.Event> recent() {
        List<DashboardSnapshot.Event> events = new ArrayList<>(recent);
        events.sort(NEWEST_FIRST);
        return List.copyOf(events);
    }
}

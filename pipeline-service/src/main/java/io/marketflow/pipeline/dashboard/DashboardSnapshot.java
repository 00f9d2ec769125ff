package io.marketflow.pipeline.dashboard;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Everything the dashboard shows at one moment, as sent on {@code /dashboard/stream} and
 * {@code /dashboard/snapshot} (JSON, snake_case). Numbers the store did not report are null.
 *
 * @param seq counts snapshots since the pipeline started, so a reader can tell a fresh one from a repeat
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record DashboardSnapshot(
        long seq,
        Instant ts,
        Store store,
        Feedback feedback,
        List<Coordinator> coordinators,
        List<Provider> providers,
        List<Event> events) {

    DashboardSnapshot {
        Objects.requireNonNull(ts, "ts");
        coordinators = List.copyOf(coordinators);
        providers = List.copyOf(providers);
        events = List.copyOf(events);
    }

    /** @param status the store's overall health ({@code UP}, {@code DOWN}), null when unreachable */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Store(String url, boolean reachable, String status, String error) {}

    /**
     * The feedback loop as the pipeline applies it: the worst live level and the scale on every provider; under
     * the pace policy also the paced total, the capacity it follows (the drain rate of {@code
     * capacity_coordinator}) and the queueing delay it steers to. Null under the other policies.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Feedback(
            boolean enabled,
            String policy,
            String level,
            double scale,
            Double pacedRate,
            Double capacity,
            String capacityCoordinator,
            Double targetDelaySeconds) {

        Feedback(boolean enabled, String policy, String level, double scale) {
            this(enabled, policy, level, scale, null, null, null, null);
        }
    }

    /**
     * One write coordinator: the store's live view (queue, watermarks, level, circuit, workers) and the
     * pipeline's (the last feedback event it applied, with the drain rate and queueing delay it carried).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Coordinator(
            String id,
            Integer queueSize,
            Integer capacity,
            Integer highWatermark,
            Integer lowWatermark,
            String level,
            String circuitState,
            Integer workersAlive,
            Integer workers,
            String feedbackLevel,
            Long feedbackSeq,
            Double feedbackAgeSeconds,
            Double drainRate,
            Long queueDelayMs) {}

    /**
     * One provider's pacing: {@code effective_rate = base_rate x scale}; {@code dead_lettered}: its bars the
     * store refused for good, parked for a replay, since the pipeline started.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Provider(
            String name,
            double baseRate,
            double scale,
            double effectiveRate,
            String pressureLevel,
            double tokens,
            int capacity,
            String breaker,
            long barsSent,
            long deadLettered) {}

    /**
     * A feedback event the pipeline applied, or a run of heartbeats (events repeating the level) as one.
     *
     * @param ts the event's own timestamp (set by the store); for a run, the latest
     * @param from the coordinator's level before it, null for the first event heard from that coordinator
     * @param count how many events this entry stands for: 1, or the length of a run of heartbeats
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Event(Instant ts, String coordinatorId, String from, String to, long seq, int queueSize, int count) {

        Event {
            Objects.requireNonNull(coordinatorId, "coordinatorId");
            Objects.requireNonNull(to, "to");
            if (count < 1) {
                throw new IllegalArgumentException("count must be >= 1, was " + count);
            }
        }

        @JsonIgnore
        boolean isHeartbeat() {
            return to.equals(from);
        }
    }
}

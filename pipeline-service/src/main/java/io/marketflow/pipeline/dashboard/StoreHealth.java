package io.marketflow.pipeline.dashboard;

import java.util.List;
import java.util.Objects;

/**
 * What the store's {@code /actuator/health} said about its write coordinators at one poll.
 *
 * @param reachable whether the store answered at all
 * @param status the overall health status ({@code UP}, {@code DOWN}, ...), or null when unreachable
 * @param error why the store could not be read, or null
 */
record StoreHealth(boolean reachable, String status, String error, List<Coordinator> coordinators) {

    StoreHealth {
        coordinators = List.copyOf(coordinators);
    }

    static StoreHealth unreachable(String error) {
        return new StoreHealth(false, null, Objects.requireNonNull(error, "error"), List.of());
    }

    /** One entry of the health component {@code coordinator}; numbers the store did not report are null. */
    record Coordinator(
            String id,
            Integer workersAlive,
            Integer workers,
            Integer queueSize,
            Integer capacity,
            String level,
            String circuitState,
            Integer highWatermark,
            Integer lowWatermark) {

        Coordinator {
            Objects.requireNonNull(id, "id");
        }
    }
}

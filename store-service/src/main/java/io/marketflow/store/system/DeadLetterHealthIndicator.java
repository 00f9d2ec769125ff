package io.marketflow.store.system;

import io.marketflow.store.coordinator.HeldDeadLetters;
import io.marketflow.store.lane.Lane;
import io.marketflow.store.lane.Lanes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health} component {@code deadLetterQueue}, part of the readiness group: down while a
 * coordinator holds items its dead-letter queue refused, with the reason, because such a store refuses new work
 * until an operator fixes the directory. Not part of liveness: a restart would lose the items held in memory.
 * Reads in-memory state only.
 */
record DeadLetterHealthIndicator(Lanes lanes, String directory) implements HealthIndicator {

    @Override
    public Health health() {
        Map<String, Object> failing = new LinkedHashMap<>();
        for (Lane<?> lane : lanes.all()) {
            HeldDeadLetters held = lane.coordinator().heldDeadLetters();
            String failure = held.failure();
            if (failure != null) {
                failing.put(lane.coordinator().config().id(), Map.of("held_items", held.items(), "reason", failure));
            }
        }
        Health.Builder builder = failing.isEmpty() ? Health.up() : Health.down();
        builder.withDetail("directory", directory);
        if (!failing.isEmpty()) {
            builder.withDetail(
                    "reason",
                    "the dead-letter directory cannot be written: new items are refused with 503 until it can");
            builder.withDetail("failing", failing);
        }
        return builder.build();
    }
}

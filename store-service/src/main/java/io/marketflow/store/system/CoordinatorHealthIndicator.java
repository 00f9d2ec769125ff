package io.marketflow.store.system;

import io.marketflow.store.coordinator.CoordinatorHealth;
import io.marketflow.store.lane.Lane;
import io.marketflow.store.lane.Lanes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health} component {@code coordinator}: per coordinator its workers, queue, level,
 * circuit, write capacity ({@code drain_rate}) and queueing delay. Down only when a coordinator has lost workers; an open circuit (database unreachable) is
 * reported, not treated as down, so an orchestrator does not restart a store that is holding data.
 */
record CoordinatorHealthIndicator(Lanes lanes) implements HealthIndicator {

    @Override
    public Health health() {
        boolean workersDown = false;
        Health.Builder builder = Health.up();
        for (Lane<?> lane : lanes.all()) {
            CoordinatorHealth h = lane.coordinator().health();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("workers_alive", h.workersAlive());
            details.put("workers", h.workers());
            details.put("queue_size", h.queueSize());
            details.put("capacity", h.capacity());
            details.put("level", h.level().wireName());
            details.put("circuit_state", h.circuitState().wireName());
            Double drainRate = lane.coordinator().drainRate();
            details.put("drain_rate", drainRate == null ? null : Math.round(drainRate * 10) / 10.0);
            details.put("queue_delay_ms", lane.coordinator().queueDelay().toMillis());
            details.put("high_watermark", lane.coordinator().config().highWatermark());
            details.put("low_watermark", lane.coordinator().config().lowWatermark());
            builder.withDetail(h.coordinatorId(), details);
            workersDown |= h.workersAlive() < h.workers();
        }
        return workersDown ? builder.down().build() : builder.build();
    }
}

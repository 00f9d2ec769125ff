package io.marketflow.store.system;

import io.marketflow.store.lane.Lanes;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** One line, once the store is ready, with the settings an operator checks first. Never a secret. */
@Component
class StartupLog {

    private static final Logger log = LoggerFactory.getLogger(StartupLog.class);

    private final StoreProperties properties;
    private final Lanes lanes;

    StartupLog(StoreProperties properties, Lanes lanes) {
        this.properties = properties;
        this.lanes = lanes;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        StoreProperties.Coordinator c = properties.coordinator();
        StoreProperties.Retry r = properties.retry();
        log.info(
                "store ready: coordinators={} capacity={} workers={} batch_size={} flush={}ms watermarks={}/{}"
                        + " overflow={} retry={}x{}..{}ms cb={}/{}s dlq={} default_ack={} max_items={} api_keys={}"
                        + " webhook={} signed={}",
                lanes.all().stream()
                        .map(lane -> lane.coordinator().config().id())
                        .toList(),
                c.capacity(),
                c.workers(),
                c.batchSize(),
                c.flushInterval().toMillis(),
                c.effectiveLowWatermark(),
                c.effectiveHighWatermark(),
                c.overflowStrategy().name().toLowerCase(java.util.Locale.ROOT),
                r.maxAttempts(),
                r.initialBackoffMs(),
                r.maxBackoffMs(),
                properties.circuitBreaker().failureThreshold(),
                properties.circuitBreaker().halfOpenAfterSec(),
                Path.of(properties.dlq().dir()).toAbsolutePath(),
                properties.ingest().defaultAck().name().toLowerCase(java.util.Locale.ROOT),
                properties.ingest().maxItems(),
                properties.ingest().apiKeys().isEmpty()
                        ? "off"
                        : properties.ingest().apiKeys().size(),
                properties.feedback().enableHttpBroadcast()
                        ? properties.feedback().webhookUrl()
                        : "off",
                properties.feedback().signed());
    }
}

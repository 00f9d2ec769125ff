package io.marketflow.store.system;

import io.marketflow.store.coordinator.CoordinatorConfig;
import io.marketflow.store.coordinator.OverflowStrategy;
import io.marketflow.store.ingest.Ack;
import io.marketflow.store.ingest.IngestSettings;
import io.marketflow.store.sink.WriteMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every store setting, validated once at start-up. Each group mirrors an {@code MDS_*} environment variable
 * family of the contract; {@code application.yml} maps the variables onto these properties by name.
 */
@Validated
@ConfigurationProperties("mds")
public record StoreProperties(
        @Pattern(regexp = "[A-Za-z0-9._-]{0,64}", message = "must be letters, digits, . _ - (at most 64)")
        String instanceId,

        @Valid @NotNull Coordinator coordinator,
        @Valid @NotNull Retry retry,
        @Valid @NotNull CircuitBreaker circuitBreaker,
        @Valid @NotNull Metrics metrics,
        @Valid @NotNull Dlq dlq,
        @Valid @NotNull Feedback feedback,
        @Valid @NotNull Ingest ingest,
        @Valid @NotNull Shutdown shutdown) {

    public record Coordinator(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") @DefaultValue("bars-coord")
            String id,

            @Min(2) @Max(10_000_000) @DefaultValue("10000") int capacity,
            @Min(1) @Max(256) @DefaultValue("4") int workers,
            @Min(1) @Max(100_000) @DefaultValue("500") int batchSize,

            @DecimalMin(value = "0.001") @DefaultValue("0.25")
            double flushIntervalSec,

            @Positive Integer highWatermark,
            @Min(0) Integer lowWatermark,
            @NotNull @DefaultValue("block") OverflowStrategy overflowStrategy,

            @DecimalMin("0") @DecimalMax("3600") @DefaultValue("1.0")
            double levelMinDwellSec,

            @NotNull @DefaultValue("unnest") WriteMethod writeMethod) {

        public int effectiveHighWatermark() {
            return highWatermark != null ? highWatermark : CoordinatorConfig.defaultHighWatermark(capacity);
        }

        public int effectiveLowWatermark() {
            return lowWatermark != null ? lowWatermark : CoordinatorConfig.defaultLowWatermark(capacity);
        }

        public Duration flushInterval() {
            return seconds(flushIntervalSec);
        }

        /** How long a backpressure level is held at least before it may relax. */
        public Duration levelMinDwell() {
            return seconds(levelMinDwellSec);
        }

        @AssertTrue(
                message = "MDS_COORDINATOR_LOW_WATERMARK must be below MDS_COORDINATOR_HIGH_WATERMARK, "
                        + "which must not exceed MDS_COORDINATOR_CAPACITY")
        boolean isWatermarksOrdered() {
            return effectiveLowWatermark() < effectiveHighWatermark() && effectiveHighWatermark() <= capacity;
        }
    }

    public record Retry(
            @Min(1) @Max(100) @DefaultValue("5") int maxAttempts,
            @Min(1) @DefaultValue("50") long initialBackoffMs,
            @Min(1) @DefaultValue("2000") long maxBackoffMs,
            @DecimalMin("1.0") @DefaultValue("2.0") double backoffMultiplier,
            @DefaultValue("true") boolean jitter) {

        @AssertTrue(message = "MDS_RETRY_MAX_BACKOFF_MS must be >= MDS_RETRY_INITIAL_BACKOFF_MS")
        boolean isBackoffOrdered() {
            return maxBackoffMs >= initialBackoffMs;
        }
    }

    /** The write path's circuit breaker ({@code MDS_CB_*}). */
    public record CircuitBreaker(
            @Min(1) @DefaultValue("5") int failureThreshold,
            @DecimalMin("0.001") @DefaultValue("60.0") double halfOpenAfterSec) {

        public Duration halfOpenAfter() {
            return seconds(halfOpenAfterSec);
        }
    }

    public record Metrics(
            @DecimalMin("0.01") @DefaultValue("0.25") double queuePollSec) {

        public Duration queuePoll() {
            return seconds(queuePollSec);
        }
    }

    public record Dlq(@NotBlank @DefaultValue(".dlq") String dir) {}

    public record Feedback(
            @DefaultValue("false") boolean enableHttpBroadcast,

            // One receiver's URL, or several separated by commas: each gets every event (see webhookUrls()).
            @NotBlank @HttpUrls @DefaultValue("http://localhost:8081/feedback")
            String webhookUrl,

            @Pattern(regexp = "(whsec_[A-Za-z0-9+/=]+)?", message = "must be empty or whsec_<base64>")
            String webhookSecret,

            @DecimalMin("0.1") @DefaultValue("5") double heartbeatSec,

            @DecimalMin("0.01") @DefaultValue("0.25") double busyIntervalSec) {

        public Duration heartbeat() {
            return seconds(heartbeatSec);
        }

        /**
         * Period of events while a coordinator has a backlog or is not ok; never longer than the heartbeat (a
         * heartbeat set below the default busy interval keeps working as before).
         */
        public Duration busyInterval() {
            return seconds(Math.min(busyIntervalSec, heartbeatSec));
        }

        /** The receivers of {@link #webhookUrl}, in order, each listed once. */
        public List<URI> webhookUrls() {
            return HttpUrls.Check.parse(webhookUrl);
        }

        public boolean signed() {
            return webhookSecret != null && !webhookSecret.isBlank();
        }

        @Override
        public String toString() {
            return "Feedback[enableHttpBroadcast=" + enableHttpBroadcast + ", webhookUrl=" + webhookUrl + ", signed="
                    + signed() + ", heartbeatSec=" + heartbeatSec + ", busyIntervalSec=" + busyIntervalSec + "]";
        }
    }

    public record Ingest(
            @NotNull @DefaultValue("queued") Ack defaultAck,
            @Min(1) @DefaultValue("100000") int maxItems,
            @Min(1024) @DefaultValue("33554432") long maxBytes,
            @Min(0) @DefaultValue("5000") long enqueueTimeoutMs,
            List<String> apiKeys,
            @Min(0) @DefaultValue("86400") long maxFutureSec,
            @Min(0) @DefaultValue("0") long maxInflightBytes) {

        @ConstructorBinding
        public Ingest {
            apiKeys = apiKeys == null
                    ? List.of()
                    : apiKeys.stream()
                            .map(String::trim)
                            .filter(k -> !k.isEmpty())
                            .toList();
        }

        public Duration enqueueTimeout() {
            return Duration.ofMillis(enqueueTimeoutMs);
        }

        /** How far ahead of the store's clock an item may be dated ({@code MDS_INGEST_MAX_FUTURE_SEC}). */
        public Duration maxFuture() {
            return Duration.ofSeconds(maxFutureSec);
        }

        /** What the ingest feature reads of these. */
        public IngestSettings settings() {
            return new IngestSettings(defaultAck, maxItems, maxBytes, maxFuture(), maxInflightBytes);
        }

        @Override
        public String toString() {
            return "Ingest[defaultAck=" + defaultAck + ", maxItems=" + maxItems + ", maxBytes=" + maxBytes
                    + ", enqueueTimeoutMs=" + enqueueTimeoutMs + ", maxFutureSec=" + maxFutureSec
                    + ", maxInflightBytes="
                    + maxInflightBytes + ", apiKeys="
                    + apiKeys.size() + " configured]";
        }
    }

    public record Shutdown(
            @DecimalMin("0") @DefaultValue("30") double drainTimeoutSec) {

        public Duration drainTimeout() {
            return seconds(drainTimeoutSec);
        }
    }

    static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
    }
}

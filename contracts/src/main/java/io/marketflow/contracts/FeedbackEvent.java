package io.marketflow.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * The store's pressure as seen by one write coordinator. {@code seq} increases per coordinator; a receiver
 * ignores an event whose seq is not newer than the last one it applied.
 *
 * <p>The numbers are marked required because a missing one would otherwise read as 0 whenever a mapper does not
 * fail on null primitives (Jackson 2's default), and {@code "seq": 0} would silently be taken as stale.
 *
 * <p>{@code drainRate} (items per second the coordinator can write, measured while it has a backlog) and
 * {@code queueDelayMs} (age of the oldest queued item) drive the paced loop. They are optional on the wire: an
 * older store sends neither, and a receiver must work without them ({@code null} here).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FeedbackEvent(
        @JsonProperty("coordinator_id") @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+")
        String coordinatorId,

        @JsonProperty(value = "queue_size", required = true) @PositiveOrZero
        int queueSize,

        @JsonProperty(required = true) @PositiveOrZero int capacity,
        @NotNull BackpressureLevel level,
        @Size(max = 256) String reason,
        @NotNull Instant ts,
        @JsonProperty(required = true) @PositiveOrZero long seq,

        @JsonProperty("drain_rate") @JsonInclude(JsonInclude.Include.NON_NULL) @PositiveOrZero
        Double drainRate,

        @JsonProperty("queue_delay_ms") @JsonInclude(JsonInclude.Include.NON_NULL) @PositiveOrZero
        Long queueDelayMs) {

    /** An event without the paced-loop measurements, as an older store sends it. */
    public FeedbackEvent(
            String coordinatorId,
            int queueSize,
            int capacity,
            BackpressureLevel level,
            String reason,
            Instant ts,
            long seq) {
        this(coordinatorId, queueSize, capacity, level, reason, ts, seq, null, null);
    }
}

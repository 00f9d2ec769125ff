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
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FeedbackEvent(
        @JsonProperty("coordinator_id") @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+")
        String coordinatorId,

        @JsonProperty("queue_size") @PositiveOrZero int queueSize,
        @PositiveOrZero int capacity,
        @NotNull BackpressureLevel level,
        @Size(max = 256) String reason,
        @NotNull Instant ts,
        @PositiveOrZero long seq) {}

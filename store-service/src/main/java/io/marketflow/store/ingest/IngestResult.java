package io.marketflow.store.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketflow.store.coordinator.CommitResult;

/**
 * The answer to an ingest request: {@code {"accepted":N}} once queued, or with {@code ack=committed}
 * {@code {"accepted":N,"written":W}} plus {@code "dead_lettered":D} when some items were parked instead.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IngestResult(
        int accepted,
        Integer written,
        @JsonProperty("dead_lettered") Integer deadLettered) {

    static IngestResult queued(int accepted) {
        return new IngestResult(accepted, null, null);
    }

    static IngestResult committed(int accepted, CommitResult result) {
        return new IngestResult(accepted, result.written(), result.deadLettered() > 0 ? result.deadLettered() : null);
    }
}

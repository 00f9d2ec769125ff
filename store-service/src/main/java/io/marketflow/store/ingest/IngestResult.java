package io.marketflow.store.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketflow.store.coordinator.CommitResult;
import java.nio.charset.StandardCharsets;

/**
 * The answer to an ingest request: {@code {"accepted":N}} once queued, or with {@code ack=committed}
 * {@code {"accepted":N,"written":W}} plus {@code "dead_lettered":D} when some items were parked instead. The
 * annotations describe it to the API documentation; {@link #json()} writes it, the same as Jackson would.
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

    /** This answer as JSON, in UTF-8: only numbers, so no escaping. */
    byte[] json() {
        StringBuilder json = new StringBuilder(56).append("{\"accepted\":").append(accepted);
        if (written != null) {
            json.append(",\"written\":").append(written);
        }
        if (deadLettered != null) {
            json.append(",\"dead_lettered\":").append(deadLettered);
        }
        return json.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }
}

package io.marketflow.store.ingest;

import java.time.Duration;
import java.util.Objects;

/**
 * What ingest needs of the store's settings, validated where they are bound.
 *
 * @param defaultAck answer when a request names no {@code ack} ({@code MDS_INGEST_DEFAULT_ACK})
 * @param maxItems items per request ({@code MDS_INGEST_MAX_ITEMS})
 * @param maxBytes bytes per request body ({@code MDS_INGEST_MAX_BYTES})
 * @param maxFuture how far ahead of the store's clock an item may be dated ({@code MDS_INGEST_MAX_FUTURE_SEC})
 * @param maxInflightBytes bytes of request bodies held at once, across all requests; 0: an eighth of the heap
 *     ({@code MDS_INGEST_MAX_INFLIGHT_BYTES}, see {@link BodyBudget})
 */
public record IngestSettings(Ack defaultAck, int maxItems, long maxBytes, Duration maxFuture, long maxInflightBytes) {

    public IngestSettings {
        Objects.requireNonNull(defaultAck, "defaultAck");
        Objects.requireNonNull(maxFuture, "maxFuture");
        if (maxItems < 1 || maxBytes < 1 || maxFuture.isNegative() || maxInflightBytes < 0) {
            throw new IllegalArgumentException(
                    "maxItems and maxBytes must be positive, maxFuture and maxInflightBytes not negative");
        }
    }
}

package io.marketflow.store.ingest;

/**
 * How much one request may carry. The item limit is the smaller of {@code MDS_INGEST_MAX_ITEMS} and the write
 * queue's capacity: a request larger than the queue could never be admitted whole, so it is refused while it
 * is still being read rather than after.
 */
record IngestLimits(long maxBytes, int maxItems, int queueCapacity) {

    IngestLimits {
        if (maxBytes < 1 || maxItems < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("limits must be positive: maxBytes=" + maxBytes + ", maxItems="
                    + maxItems + ", queueCapacity=" + queueCapacity);
        }
    }

    int itemLimit() {
        return Math.min(maxItems, queueCapacity);
    }

    String tooManyBytes() {
        return "the request body is larger than " + maxBytes + " bytes (MDS_INGEST_MAX_BYTES)";
    }

    String tooManyItems() {
        if (maxItems <= queueCapacity) {
            return "the request has more than " + maxItems + " items (MDS_INGEST_MAX_ITEMS)";
        }
        return "the request has more than " + queueCapacity + " items, the write queue's capacity "
                + "(MDS_COORDINATOR_CAPACITY); split it into smaller requests";
    }
}

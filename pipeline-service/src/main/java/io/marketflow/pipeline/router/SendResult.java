package io.marketflow.pipeline.router;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** How the store answered one batch. */
public sealed interface SendResult {

    /** 2xx: every bar of the batch is the store's now. */
    record Accepted() implements SendResult {}

    /** 429 or 503: the store is full; try again after {@code retryAfter} when it said so. */
    record Throttled(int status, Optional<Duration> retryAfter) implements SendResult {}

    /** 413: the batch is larger than the store takes in one request. */
    record TooLarge() implements SendResult {}

    /**
     * Another 4xx: the store will never take this batch as it is (e.g. a bar breaks the rules).
     *
     * @param refused positions in the batch of the bars the store named as invalid (its problem's
     *     {@code errors[].index}); empty when it named none, i.e. the batch as a whole was refused
     */
    record Rejected(int status, String detail, Set<Integer> refused) implements SendResult {

        public Rejected {
            refused = Set.copyOf(refused);
        }

        /** The batch as a whole was refused. */
        public Rejected(int status, String detail) {
            this(status, detail, Set.of());
        }
    }

    /** No usable answer: connection refused or reset, timeout, 5xx, or an authentication problem. */
    record Failed(String reason) implements SendResult {}
}

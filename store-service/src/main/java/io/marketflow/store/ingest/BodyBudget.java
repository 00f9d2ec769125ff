package io.marketflow.store.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the store holds at once, across every kind and connection
 * ({@code MDS_INGEST_MAX_INFLIGHT_BYTES}). A body is held from its first byte until every one of its items is
 * written or dead-lettered (or it is refused): while it is read (the fast bar reader keeps the raw chunks, to reread
 * them if it must explain an error), while its items wait for room in the queue, and while they sit there. Its
 * bytes stand for the memory its items take (about 1-3x). Without this bound, a few concurrent bodies of
 * {@code MDS_INGEST_MAX_BYTES} (even of whitespace), or a queue of large news items, would exhaust the capped heap
 * and end the process. A request that does not fit is refused with 503 and {@code Retry-After}; a request alone is
 * always let in, so a body up to {@code MDS_INGEST_MAX_BYTES} passes even with a smaller budget.
 */
public final class BodyBudget {

    /** The default share of the heap: what request bodies take in the heap is about 1-3x their bytes. */
    static final int HEAP_FRACTION = 8;

    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    BodyBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** {@code configured} bytes, or when it is 0 an eighth of the heap the JVM may use. */
    public static BodyBudget of(long configured) {
        return new BodyBudget(configured > 0 ? configured : Runtime.getRuntime().maxMemory() / HEAP_FRACTION);
    }

    public long limit() {
        return limit;
    }

    /** Bytes held by every request now. */
    public long held() {
        return held.get();
    }

    /** Requests refused so far because their bytes did not fit. */
    public long refusals() {
        return refusals.get();
    }

    /** A new request's share, holding nothing yet. */
    Hold open() {
        return new Hold();
    }

    /**
     * One request's share, taken as its body arrives and given back in one {@link #release} when the request is
     * over (its items settled, or it refused).
     */
    final class Hold {

        private long bytes;
        private long read;
        private boolean released;

        private Hold() {}

        /** Takes {@code n} bytes ahead of reading them (a declared length): {@code false} when they do not fit. */
        synchronized boolean reserve(long n) {
            return take(n);
        }

        /**
         * Counts {@code n} more bytes of the body read, taking what the bytes read so far exceed of what is held
         * (a declared length is taken up front): {@code false} when that does not fit.
         */
        synchronized boolean cover(long n) {
            read += n;
            return read <= bytes || take(read - bytes);
        }

        // false (and nothing taken) when n more would cross the limit while other requests hold bytes too
        private boolean take(long n) {
            if (released) {
                return false;
            }
            while (true) {
                long now = held.get();
                long next = now + n;
                if (next > limit && now > bytes) {
                    refusals.incrementAndGet();
                    return false;
                }
                if (held.compareAndSet(now, next)) {
                    bytes += n;
                    return true;
                }
            }
        }

        /** Gives back every byte taken; later calls do nothing. */
        synchronized void release() {
            if (!released) {
                released = true;
                held.addAndGet(-bytes);
                bytes = 0;
            }
        }

        synchronized long bytes() {
            return bytes;
        }
    }
}

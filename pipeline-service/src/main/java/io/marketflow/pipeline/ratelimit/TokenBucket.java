package io.marketflow.pipeline.ratelimit;

/**
 * An immutable token bucket: holds at most {@code capacity} tokens (the burst) and gains {@code ratePerSec}
 * tokens per second. Every operation returns a new bucket, so callers keep one in an {@code AtomicReference}
 * and swap it with compare-and-set. Times are {@code System.nanoTime()}-style readings of one clock.
 */
record TokenBucket(double capacity, double ratePerSec, double tokens, long updatedNanos) {

    /** Tolerance for floating-point refill: a wait computed to the nanosecond may land a hair short. */
    private static final double EPSILON = 1e-9;

    TokenBucket {
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("capacity must be a finite number > 0, was " + capacity);
        }
        if (!(ratePerSec >= 0) || Double.isInfinite(ratePerSec)) {
            throw new IllegalArgumentException("ratePerSec must be a finite number >= 0, was " + ratePerSec);
        }
    }

    /** A bucket that starts full, so the first {@code capacity} acquisitions need not wait. */
    static TokenBucket full(double capacity, double ratePerSec, long nowNanos) {
        return new TokenBucket(capacity, ratePerSec, capacity, nowNanos);
    }

    /** This bucket with the tokens earned up to {@code nowNanos}; a reading older than the last is ignored. */
    TokenBucket refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed <= 0) {
            return this;
        }
        double earned = ratePerSec * elapsed / 1e9;
        return new TokenBucket(capacity, ratePerSec, Math.min(capacity, tokens + earned), nowNanos);
    }

    /** Tokens earned so far are kept at the old rate; from {@code nowNanos} on the bucket fills at the new one. */
    TokenBucket withRate(double newRatePerSec, long nowNanos) {
        TokenBucket current = refill(nowNanos);
        return new TokenBucket(capacity, newRatePerSec, current.tokens, Math.max(nowNanos, updatedNanos));
    }

    boolean has(double n) {
        return tokens + EPSILON >= n;
    }

    /** The bucket after taking {@code n} tokens; the caller must have checked {@link #has}. */
    TokenBucket take(double n) {
        return new TokenBucket(capacity, ratePerSec, Math.max(0, tokens - n), updatedNanos);
    }

    /** Nanoseconds until {@code n} tokens are there at the current rate; {@link Long#MAX_VALUE} when paused. */
    long nanosUntil(double n) {
        if (has(n)) {
            return 0;
        }
        if (ratePerSec == 0) {
            return Long.MAX_VALUE;
        }
        double nanos = Math.ceil((n - tokens) / ratePerSec * 1e9);
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (long) nanos);
    }
}

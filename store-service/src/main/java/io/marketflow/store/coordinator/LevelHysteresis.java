package io.marketflow.store.coordinator;

import io.marketflow.contracts.BackpressureLevel;

/**
 * The backpressure level with hysteresis and a minimum dwell, so that a queue hovering at a watermark
 * cannot make the level flap.
 *
 * <ul>
 *   <li>Worse is immediate: {@code hard} at {@code size >= high}, at least {@code soft} at {@code size > low},
 *       exactly as the contract's watermarks say.
 *   <li>Better waits: the level relaxes only after it has been held for {@code minDwellNanos}, and only as far
 *       as the lower exit lines allow: out of {@code hard} at {@code size <= high - band}, back to {@code ok}
 *       at {@code size <= max(0, low - band)}, where {@code band = (high - low) / 2}.
 * </ul>
 *
 * <p>So at most one relaxation happens per dwell (and with it at most three changes: a relaxation, then
 * {@code ok -> soft -> hard}), and a queue that oscillates by less than the band around a watermark changes the
 * level once, not on every crossing. Not thread-safe: the queue calls it under its
 * lock, and must call {@link #update} on a timer too (not only when the size changes) so that a level held
 * by the dwell relaxes on time while the queue stands still.
 */
final class LevelHysteresis {

    private final int high;
    private final int low;
    private final int hardExit;
    private final int okReturn;
    private final long minDwellNanos;

    private BackpressureLevel level = BackpressureLevel.OK;
    private long since;

    LevelHysteresis(int low, int high, long minDwellNanos, long nowNanos) {
        if (low < 0 || low >= high) {
            throw new IllegalArgumentException(
                    "watermarks must satisfy 0 <= low < high, got low=" + low + " high=" + high);
        }
        if (minDwellNanos < 0) {
            throw new IllegalArgumentException("minimum dwell must not be negative, got " + minDwellNanos);
        }
        int band = (high - low) / 2;
        this.high = high;
        this.low = low;
        this.hardExit = high - band;
        this.okReturn = Math.max(0, low - band);
        this.minDwellNanos = minDwellNanos;
        this.since = nowNanos;
    }

    /** The level for a queue of {@code size} items at {@code nowNanos}; {@link #level()} afterwards. */
    BackpressureLevel update(int size, long nowNanos) {
        BackpressureLevel entered = size >= high ? BackpressureLevel.HARD : size > low ? BackpressureLevel.SOFT : null;
        if (entered != null && entered.compareTo(level) > 0) {
            return move(entered, nowNanos);
        }
        if (level == BackpressureLevel.OK || nowNanos - since < minDwellNanos) {
            return level;
        }
        BackpressureLevel relaxed = size <= okReturn
                ? BackpressureLevel.OK
                : size <= hardExit ? BackpressureLevel.SOFT : BackpressureLevel.HARD;
        return relaxed.compareTo(level) < 0 ? move(relaxed, nowNanos) : level;
    }

    BackpressureLevel level() {
        return level;
    }

    /** Leaves {@code hard} at or below this size (once the dwell is over). */
    int hardExit() {
        return hardExit;
    }

    /** Returns to {@code ok} at or below this size (once the dwell is over). */
    int okReturn() {
        return okReturn;
    }

    private BackpressureLevel move(BackpressureLevel to, long nowNanos) {
        level = to;
        since = nowNanos;
        return to;
    }
}

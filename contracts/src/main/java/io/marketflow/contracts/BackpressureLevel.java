package io.marketflow.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How far behind the store's writes are. {@code OK} at or below the low watermark, {@code HARD} at or above
 * the high watermark, {@code SOFT} in between. Ordered by severity, so {@code compareTo} picks the worst.
 */
public enum BackpressureLevel {
    OK,
    SOFT,
    HARD;

    /**
     * Level for a queue of {@code size} items given the two watermarks. When they are equal, a queue at the
     * watermark is {@code HARD}: the safer reading of the contract's two overlapping rules.
     *
     * @throws IllegalArgumentException if {@code lowWatermark > highWatermark}
     */
    public static BackpressureLevel of(int size, int lowWatermark, int highWatermark) {
        if (lowWatermark > highWatermark) {
            throw new IllegalArgumentException(
                    "low watermark " + lowWatermark + " must not be above high watermark " + highWatermark);
        }
        if (size >= highWatermark) {
            return HARD;
        }
        return size <= lowWatermark ? OK : SOFT;
    }

    public BackpressureLevel worst(BackpressureLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BackpressureLevel fromWire(String value) {
        for (BackpressureLevel level : values()) {
            if (level.wireName().equals(value)) {
                return level;
            }
        }
        throw new IllegalArgumentException("level must be one of ok, soft, hard");
    }
}

package io.marketflow.pipeline.provider;

import io.marketflow.contracts.Timeframes;
import java.time.Duration;
import java.time.Instant;

/** Lengths of the contract's timeframes. */
final class Timeframe {

    private Timeframe() {}

    static Duration length(String timeframe) {
        return switch (timeframe) {
            case "1s" -> Duration.ofSeconds(1);
            case "5s" -> Duration.ofSeconds(5);
            case "1m" -> Duration.ofMinutes(1);
            case "5m" -> Duration.ofMinutes(5);
            case "15m" -> Duration.ofMinutes(15);
            case "1h" -> Duration.ofHours(1);
            case "1d" -> Duration.ofDays(1);
            default ->
                throw new IllegalArgumentException(
                        "timeframe must be one of " + String.join(" ", Timeframes.ALL) + ", was " + timeframe);
        };
    }

    /** {@code instant} rounded down to a whole multiple of {@code length} since the epoch. */
    static Instant floor(Instant instant, Duration length) {
        long seconds = length.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }
}

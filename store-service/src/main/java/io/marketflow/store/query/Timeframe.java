package io.marketflow.store.query;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The contract's bar timeframes as durations, and which finer ones a coarser one can be rolled up from. */
final class Timeframe {

    private static final Map<String, Duration> SIZES = Map.of(
            "1s", Duration.ofSeconds(1),
            "5s", Duration.ofSeconds(5),
            "1m", Duration.ofMinutes(1),
            "5m", Duration.ofMinutes(5),
            "15m", Duration.ofMinutes(15),
            "1h", Duration.ofHours(1),
            "1d", Duration.ofDays(1));

    /** Finest first: the order in which sources are preferred. */
    static final List<String> FINEST_FIRST = List.of("1s", "5s", "1m", "5m", "15m", "1h", "1d");

    static final String DAY = "1d";

    private Timeframe() {}

    static Duration size(String timeframe) {
        Duration size = SIZES.get(timeframe);
        if (size == null) {
            throw new IllegalArgumentException("not a timeframe: " + timeframe);
        }
        return size;
    }

    /**
     * The finer timeframes whose bars tile {@code target}'s buckets exactly, finest first. Every size divides a
     * day, so bars aligned to their own size never straddle a UTC bucket of a coarser timeframe.
     */
    static List<String> finerDividing(String target) {
        long seconds = size(target).toSeconds();
        return FINEST_FIRST.stream()
                .filter(candidate -> {
                    long candidateSeconds = size(candidate).toSeconds();
                    return candidateSeconds < seconds && seconds % candidateSeconds == 0;
                })
                .toList();
    }
}

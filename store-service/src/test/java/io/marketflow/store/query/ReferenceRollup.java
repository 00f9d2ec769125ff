package io.marketflow.store.query;

import io.marketflow.contracts.Bar;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rollups computed in plain Java, independently of the SQL under test: the expected answer for the same bars.
 */
final class ReferenceRollup {

    private ReferenceRollup() {}

    /** Fixed buckets of {@code size} aligned to the UTC epoch. */
    static Function<Instant, Instant> fixed(Duration size) {
        long seconds = size.toSeconds();
        return ts -> Instant.ofEpochSecond(Math.floorDiv(ts.getEpochSecond(), seconds) * seconds);
    }

    /** Calendar days of {@code zone}, named by the instant of local midnight. */
    static Function<Instant, Instant> days(ZoneId zone) {
        return ts -> ts.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    /** Bars rolled up into {@code timeframe}, bucket starts in [from, to) (either null for open), oldest first. */
    static List<Bar> rollup(
            List<Bar> finer, String timeframe, Function<Instant, Instant> bucket, Instant from, Instant to) {
        Map<Instant, List<Bar>> groups = finer.stream()
                .collect(Collectors.groupingBy(bar -> bucket.apply(bar.ts()), TreeMap::new, Collectors.toList()));
        List<Bar> result = new ArrayList<>();
        groups.forEach((start, bars) -> {
            if ((from == null || !start.isBefore(from)) && (to == null || start.isBefore(to))) {
                result.add(aggregate(bars, timeframe, start));
            }
        });
        return result;
    }

    private static Bar aggregate(List<Bar> bars, String timeframe, Instant start) {
        List<Bar> ordered = bars.stream().sorted(Comparator.comparing(Bar::ts)).toList();
        double volume = 0;
        double weighted = 0;
        long trades = 0;
        boolean allVwap = true;
        boolean allTrades = true;
        double high = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        for (Bar bar : ordered) {
            high = Math.max(high, bar.high());
            low = Math.min(low, bar.low());
            volume += bar.volume();
            if (bar.vwap() == null) {
                allVwap = false;
            } else {
                weighted += bar.vwap() * bar.volume();
            }
            if (bar.tradeCount() == null) {
                allTrades = false;
            } else {
                trades += bar.tradeCount();
            }
        }
        String provider = ordered.get(0).provider();
        for (Bar bar : ordered) {
            if (!Objects.equals(provider, bar.provider())) {
                provider = null;
            }
        }
        return new Bar(
                ordered.get(0).symbol(),
                timeframe,
                start,
                ordered.get(0).open(),
                high,
                low,
                ordered.get(ordered.size() - 1).close(),
                volume,
                allVwap && volume > 0 ? weighted / volume : null,
                allTrades ? trades : null,
                provider);
    }
}

package io.marketflow.store.query;

import io.marketflow.contracts.Bar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated 1m bars of New York sessions from 04:00 to 20:00 local time (pre-market to after-hours), so that in
 * winter the evening crosses UTC midnight: a day that differs between UTC and New York. Seeded, so every run
 * sees the same bars.
 */
final class MinuteBars {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private MinuteBars() {}

    /** Bars of {@code symbol} on each of {@code days}, skipping local minutes in [gapFrom, gapTo) of every day. */
    static List<Bar> sessions(String symbol, List<LocalDate> days, LocalTime gapFrom, LocalTime gapTo, long seed) {
        Random random = new Random(seed);
        List<Bar> bars = new ArrayList<>();
        double price = 100;
        for (LocalDate day : days) {
            for (LocalTime time = LocalTime.of(4, 0); time.isBefore(LocalTime.of(20, 0)); time = time.plusMinutes(1)) {
                if (!time.isBefore(gapFrom) && time.isBefore(gapTo)) {
                    continue;
                }
                Instant ts = day.atTime(time).atZone(NEW_YORK).toInstant();
                double open = price;
                double close = Math.max(1, open + (random.nextDouble() - 0.5) * 2);
                double high = Math.max(open, close) + random.nextDouble();
                double low = Math.max(0.5, Math.min(open, close) - random.nextDouble());
                double volume = random.nextInt(5000);
                double vwap = low + (high - low) * random.nextDouble();
                long trades = random.nextInt(200);
                bars.add(new Bar(symbol, "1m", ts, open, high, low, close, volume, vwap, trades, "synthetic"));
                price = close;
            }
        }
        return bars;
    }

    /** The same bar with other prices and volume, as a provider's correction would send it. */
    static Bar corrected(Bar bar, double close) {
        return new Bar(
                bar.symbol(),
                bar.timeframe(),
                bar.ts(),
                bar.open(),
                Math.max(bar.high(), close) + 5,
                Math.min(bar.low(), close),
                close,
                bar.volume() + 10_000,
                bar.vwap(),
                bar.tradeCount(),
                bar.provider());
    }
}

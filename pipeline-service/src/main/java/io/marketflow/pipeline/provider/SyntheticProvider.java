package io.marketflow.pipeline.provider;

import io.marketflow.contracts.Bar;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import reactor.core.publisher.Flux;

/**
 * Random-walk OHLCV bars, valid by construction: prices stay above zero and every bar's high and low enclose
 * its open and close. Symbols take turns; each symbol's bars have consecutive timestamps one timeframe apart
 * from {@code start}, so no two bars share a key. Infinite, and generated only on demand.
 */
public final class SyntheticProvider implements BarProvider {

    /** How far back the default start lies, so that a run of a few hours stays in the past. */
    static final Duration DEFAULT_LOOKBACK = Duration.ofHours(6);

    private final String name;
    private final List<String> symbols;
    private final String timeframe;
    private final Duration length;
    private final Instant start;
    private final long seed;

    /**
     * @param start the first bar's timestamp, rounded down to the timeframe
     * @param seed seeds the walk, so a given configuration always produces the same bars
     */
    public SyntheticProvider(String name, List<String> symbols, String timeframe, Instant start, long seed) {
        this.name = Objects.requireNonNull(name, "name");
        this.symbols = List.copyOf(symbols);
        if (this.symbols.isEmpty()) {
            throw new IllegalArgumentException("synthetic provider " + name + " needs at least one symbol");
        }
        this.timeframe = timeframe;
        this.length = Timeframe.length(timeframe);
        this.start = Timeframe.floor(Objects.requireNonNull(start, "start"), length);
        this.seed = seed;
    }

    /** The default start: {@link #DEFAULT_LOOKBACK} before now, rounded down to the timeframe. */
    public static Instant defaultStart(Clock clock) {
        return clock.instant().minus(DEFAULT_LOOKBACK);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Flux<Bar> bars() {
        return Flux.generate(Walk::new, (walk, sink) -> {
            sink.next(walk.next());
            return walk;
        });
    }

    /** The state of one subscription: the last close per symbol and the position in the sequence. */
    private final class Walk {
        private final SplittableRandom random = new SplittableRandom(seed);
        private final double[] closes = new double[symbols.size()];
        private long index;

        Walk() {
            for (int i = 0; i < closes.length; i++) {
                closes[i] = 50 + random.nextDouble() * 450;
            }
        }

        Bar next() {
            int symbol = (int) (index % symbols.size());
            Instant ts = start.plus(length.multipliedBy(index / symbols.size()));
            index++;
            double open = closes[symbol];
            double close = round(Math.max(0.01, open * Math.exp(gaussian() * 0.002)));
            double high = round(Math.max(open, close) * (1 + Math.abs(gaussian()) * 0.001));
            double low = round(Math.min(open, close) * (1 - Math.min(0.5, Math.abs(gaussian()) * 0.001)));
            closes[symbol] = close;
            double volume = 100 + random.nextInt(10_000);
            return new Bar(
                    symbols.get(symbol),
                    timeframe,
                    ts,
                    open,
                    Math.max(high, Math.max(open, close)),
                    Math.max(0.01, Math.min(low, Math.min(open, close))),
                    close,
                    volume,
                    null,
                    null,
                    name);
        }

        private double gaussian() {
            // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
            double u = 1 - random.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }

        private static double round(double price) {
            return Math.round(price * 10_000) / 10_000.0;
        }
    }
}

package io.marketflow.pipeline.provider;

import io.marketflow.contracts.Bar;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Random-walk OHLCV bars, valid by construction: prices stay above zero and every bar's high and low enclose
 * its open and close. Symbols take turns; each symbol's bars have consecutive timestamps one timeframe apart,
 * so no two bars share a key. Infinite, and generated only on demand.
 *
 * <p>A bar is stamped with the start of its period and emitted once the clock has passed the period's end, so
 * no bar is ever dated ahead of the clock: after the history there is one bar per symbol per period, as
 * wall-clock time passes. {@link Mode} says where the history starts.
 */
public final class SyntheticProvider implements BarProvider {

    /** How far back the default start lies (backfill mode). */
    static final Duration DEFAULT_LOOKBACK = Duration.ofHours(6);

    /** Where the bars start; after that, both modes follow the clock. */
    public enum Mode {
        /** The last completed period first, then one bar per symbol as each period ends. */
        LIVE,
        /** Every period from {@code start} up to now as fast as the rate limit allows, then as {@link #LIVE}. */
        BACKFILL
    }

    private final String name;
    private final List<String> symbols;
    private final String timeframe;
    private final Duration length;
    private final Mode mode;
    private final Instant start;
    private final long seed;
    private final Clock clock;
    private final Scheduler scheduler;

    /** A backfill from {@code start} on the system clock. */
    public SyntheticProvider(String name, List<String> symbols, String timeframe, Instant start, long seed) {
        this(name, symbols, timeframe, Mode.BACKFILL, start, seed, Clock.systemUTC(), Schedulers.parallel());
    }

    /**
     * @param start the first bar's timestamp in backfill mode, rounded down to the timeframe; unused in live mode
     * @param seed seeds the walk, so a given configuration always produces the same bars
     * @param clock says which periods have ended
     * @param scheduler waits for the next period's end; must follow {@code clock} (a virtual scheduler and a
     *     clock reading it in tests)
     */
    public SyntheticProvider(
            String name,
            List<String> symbols,
            String timeframe,
            Mode mode,
            Instant start,
            long seed,
            Clock clock,
            Scheduler scheduler) {
        this.name = Objects.requireNonNull(name, "name");
        this.symbols = List.copyOf(symbols);
        if (this.symbols.isEmpty()) {
            throw new IllegalArgumentException("synthetic provider " + name + " needs at least one symbol");
        }
        this.timeframe = timeframe;
        this.length = Timeframe.length(timeframe);
        this.mode = Objects.requireNonNull(mode, "mode");
        this.start = Timeframe.floor(Objects.requireNonNull(start, "start"), length);
        this.seed = seed;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** The default start: {@link #DEFAULT_LOOKBACK} before now, rounded down to the timeframe. */
    public static Instant defaultStart(Clock clock) {
        return clock.instant().minus(DEFAULT_LOOKBACK);
    }

    @Override
    public String name() {
        return name;
    }

    public Mode mode() {
        return mode;
    }

    /** Each subscription starts over: live from the last period ended at subscription, backfill from start. */
    @Override
    public Flux<Bar> bars() {
        return Flux.<Bar, Walk>generate(() -> new Walk(firstPeriod()), (walk, sink) -> {
                    sink.next(walk.next());
                    return walk;
                })
                .concatMap(this::onceEnded, 1);
    }

    private Instant firstPeriod() {
        return mode == Mode.LIVE ? Timeframe.floor(clock.instant(), length).minus(length) : start;
    }

    /** The bar as soon as its period has ended: at once for history, at the period's end for the present. */
    private Mono<Bar> onceEnded(Bar bar) {
        Duration wait = Duration.between(clock.instant(), bar.ts().plus(length));
        return wait.isNegative() || wait.isZero()
                ? Mono.just(bar)
                : Mono.delay(wait, scheduler).thenReturn(bar);
    }

    /** The state of one subscription: the last close per symbol and the position in the sequence. */
    private final class Walk {
        private final SplittableRandom random = new SplittableRandom(seed);
        private final double[] closes = new double[symbols.size()];
        private final Instant first;
        private long index;

        Walk(Instant first) {
            this.first = first;
            for (int i = 0; i < closes.length; i++) {
                closes[i] = 50 + random.nextDouble() * 450;
            }
        }

        Bar next() {
            int symbol = (int) (index % symbols.size());
            Instant ts = first.plus(length.multipliedBy(index / symbols.size()));
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

package io.marketflow.store.query;

import io.marketflow.contracts.Bar;
import reactor.core.publisher.Flux;

/**
 * The answer to a {@link BarQuery}: the bars, streamed, and where they come from: {@code stored}, or
 * {@code rollup:<timeframe>} when they were aggregated from finer stored bars at read time.
 */
record BarSeries(String source, Flux<Bar> bars) {

    static final String STORED = "stored";

    static BarSeries stored(Flux<Bar> bars) {
        return new BarSeries(STORED, bars);
    }

    static BarSeries rollup(String sourceTimeframe, Flux<Bar> bars) {
        return new BarSeries("rollup:" + sourceTimeframe, bars);
    }
}

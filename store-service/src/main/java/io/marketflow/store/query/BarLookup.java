package io.marketflow.store.query;

import io.marketflow.contracts.Bar;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads stored bars, and rolls finer ones up when the requested timeframe is not stored. */
interface BarLookup {

    /**
     * The bars matching {@code query}, oldest first, at most {@code query.limit()}: the stored ones of its
     * timeframe when the range has any, otherwise bars rolled up from the finest stored timeframe that tiles it.
     * The series' source is decided before it emits; its bars stream as rows arrive.
     */
    Mono<BarSeries> find(BarQuery query);

    /** The newest stored bar of each symbol in {@code timeframe}, in the order of {@code symbols}; none for a symbol without bars. */
    Flux<Bar> latest(List<String> symbols, String timeframe);
}

package io.marketflow.store.query;

import io.marketflow.contracts.Bar;
import reactor.core.publisher.Flux;

/** Reads stored bars. */
interface BarLookup {

    /** The bars matching {@code query}, oldest first, at most {@code query.limit()}; streamed as rows arrive. */
    Flux<Bar> find(BarQuery query);
}

package io.marketflow.pipeline.provider;

import io.marketflow.contracts.Bar;
import reactor.core.publisher.Flux;

/** A source of bars. The router paces it through the rate coordinator, so it needs no limits of its own. */
public interface BarProvider {

    /** The provider's name: the key of its rate limits and the {@code provider} tag of its metrics. */
    String name();

    /**
     * The bars to send, in order. Each subscription starts from the beginning; the Flux must produce only
     * what is requested (a stalled store stops the provider through demand) and may be infinite.
     */
    Flux<Bar> bars();
}

package io.marketflow.pipeline.router;

import io.marketflow.contracts.Bar;
import java.util.List;
import reactor.core.publisher.Mono;

/** Where the router parks bars the store refused for good, so that an operator can replay them. */
public interface DeadLetters {

    /**
     * Parks {@code bars} of {@code provider} with the store's answer. The Mono completes once they are durable
     * and fails when they could not be stored; the router keeps the bars (and retries) until it completes.
     *
     * @param attempts requests made for these bars, the refused one included
     */
    Mono<Void> park(String provider, List<Bar> bars, String error, int attempts);
}

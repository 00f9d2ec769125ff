package io.marketflow.pipeline.dashboard;

import reactor.core.publisher.Mono;

/** Reads the store's coordinator health for the dashboard. */
interface StoreHealthSource {

    /**
     * One poll of the store. Never errors and always completes with a value within a bounded time: a store
     * that is down, slow or answers nonsense yields {@link StoreHealth#unreachable} or an empty report.
     */
    Mono<StoreHealth> fetch();
}

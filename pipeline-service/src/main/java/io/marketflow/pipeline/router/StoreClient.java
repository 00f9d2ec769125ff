package io.marketflow.pipeline.router;

import io.marketflow.contracts.Bar;
import java.util.List;
import reactor.core.publisher.Mono;

/** Sends one batch of bars to the store. */
public interface StoreClient {

    /**
     * Posts the batch once. The Mono never fails: every problem is a {@link SendResult}, so the caller
     * decides on retries. Re-sending a batch is safe: the store upserts bars by key.
     */
    Mono<SendResult> send(List<Bar> batch);
}

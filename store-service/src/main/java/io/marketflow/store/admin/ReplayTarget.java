package io.marketflow.store.admin;

import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.deadletter.DeadLetterShelf;
import io.marketflow.store.deadletter.ReplayResult;
import io.marketflow.store.lane.Lane;
import java.time.Duration;

/** One kind's dead-letter records and the coordinator its items go back into. */
record ReplayTarget<T>(DeadLetterShelf<T> records, WriteCoordinator<T> coordinator) {

    static <T> ReplayTarget<T> of(Lane<T> lane) {
        return new ReplayTarget<>(lane.deadLetters(), lane.coordinator());
    }

    String kind() {
        return records.kind();
    }

    /** Blocks until the replayed records are committed or {@code timeout} has passed. */
    ReplayResult replay(int maxRecords, Duration timeout) {
        return records.replay(
                maxRecords,
                timeout,
                items -> coordinator.submitMany(items, true).committed());
    }
}

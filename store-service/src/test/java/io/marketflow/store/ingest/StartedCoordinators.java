package io.marketflow.store.ingest;

import io.marketflow.store.coordinator.CoordinatorConfig;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.ingest.TestCoordinators.MemorySink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The coordinators a test started, shut down after it. Register as an instance field with {@code @RegisterExtension}. */
final class StartedCoordinators implements AfterEachCallback {

    private final List<WriteCoordinator<?>> started = new ArrayList<>();

    /** A coordinator of {@code config} running over {@code sink}. */
    <T> WriteCoordinator<T> running(CoordinatorConfig config, MemorySink<T> sink) {
        return add(TestCoordinators.running(config, sink));
    }

    /** Shuts {@code coordinator} down after the test; returns it. */
    <T> WriteCoordinator<T> add(WriteCoordinator<T> coordinator) {
        started.add(coordinator);
        return coordinator;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(c -> c.shutdown(Duration.ofSeconds(5)));
    }
}

package io.marketflow.store.coordinator;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The fakes a coordinator test drives (sink, dead letters, listener, manual time), and the coordinator under test,
 * shut down after each test by advancing the manual time past its drain timeout.
 */
abstract class ManualTimeCoordinatorTests {

    final FakeSink sink = new FakeSink();
    final FakeDeadLetters deadLetters = new FakeDeadLetters();
    final RecordingListener listener = new RecordingListener();
    final ManualNanoTime time = new ManualNanoTime();
    WriteCoordinator<Integer> coordinator;

    @AfterEach
    void shutDownCoordinator() throws Exception {
        if (coordinator != null) {
            time.shutdown(coordinator, Duration.ofMillis(500));
        }
    }

    /** A coordinator on the fakes whose clock is {@link #time}; not started. */
    WriteCoordinator<Integer> onManualTime(CoordinatorConfig config) {
        return new WriteCoordinator<>(config, sink, FakeSink::isTransient, deadLetters, listener, time);
    }
}

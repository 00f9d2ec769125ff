package io.marketflow.store.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Of two versions of one key, the one admitted later is written later, even with workers free to write both at
 * once: otherwise the earlier could commit last and overwrite the later.
 */
class KeyOrderTests {

    /** Version {@code version} of the row with key {@code key}. */
    record Version(int key, int version) {}

    /** Records batches in the order their writes finish; the write of {@code slow} waits for {@link #go}. */
    static final class VersionSink implements BatchSink<Version> {

        final List<List<Version>> batches = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        private final Version slow;

        VersionSink(Version slow) {
            this.slow = slow;
        }

        @Override
        public void write(List<Version> batch) throws InterruptedException {
            if (batch.contains(slow)) {
                slowStarted.countDown();
                go.await();
            }
            batches.add(List.copyOf(batch));
        }

        @Override
        public long keyHash(Version item) {
            return item.key();
        }

        @Override
        public String name() {
            return "versions";
        }
    }

    private final VersionSink sink = new VersionSink(new Version(1, 1));
    private final WriteCoordinator<Version> coordinator = new WriteCoordinator<>(
            TestConfigs.builder(100).workers(3).build(),
            sink,
            error -> true,
            (items, reason, attempts) -> {},
            CoordinatorListener.NONE);

    @AfterEach
    void shutDown() {
        sink.go.countDown();
        coordinator.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void writesALaterVersionOnlyAfterTheEarlierOneWhileOtherWorkersAreFree() throws Exception {
        coordinator.start();
        coordinator.submitMany(List.of(new Version(1, 1), new Version(2, 1)), false);
        assertThat(sink.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

        coordinator.submitMany(List.of(new Version(3, 1), new Version(1, 2), new Version(4, 1)), false);

        // Key 3 goes to a free worker; key 1 waits for the batch that writes its first version, and 4 behind it.
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.batches.size() == 1);
        assertThat(sink.batches.get(0)).containsExactly(new Version(3, 1));
        assertThat(coordinator.queueSize()).isEqualTo(2);

        sink.go.countDown();

        assertThat(coordinator.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(sink.batches)
                .containsExactly(
                        List.of(new Version(3, 1)),
                        List.of(new Version(1, 1), new Version(2, 1)),
                        List.of(new Version(1, 2), new Version(4, 1)));
    }
}

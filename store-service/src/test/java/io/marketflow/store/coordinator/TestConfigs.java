package io.marketflow.store.coordinator;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Small, fast settings for tests: one worker, batches of 10, quick retries, a breaker that stays out of the way,
 * levels that relax without a minimum dwell (tests of the dwell set it themselves).
 */
final class TestConfigs {

    private TestConfigs() {}

    static CoordinatorConfig config(int capacity) {
        return builder(capacity).build();
    }

    static CoordinatorConfig.Builder builder(int capacity) {
        return CoordinatorConfig.builder("test-coord", capacity)
                .workers(1)
                .batching(10, Duration.ofMillis(20))
                .overflow(OverflowStrategy.ERROR, Duration.ZERO)
                .retry(new CoordinatorConfig.RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(5), 2.0, false))
                .breaker(new CoordinatorConfig.BreakerSettings(100, Duration.ofSeconds(60)))
                .minLevelDwell(Duration.ZERO);
    }

    static List<Integer> range(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive).boxed().toList();
    }
}

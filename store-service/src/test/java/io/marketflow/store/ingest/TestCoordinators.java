package io.marketflow.store.ingest;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.coordinator.BatchSink;
import io.marketflow.store.coordinator.CoordinatorConfig;
import io.marketflow.store.coordinator.CoordinatorListener;
import io.marketflow.store.coordinator.DeadLetterSink;
import io.marketflow.store.coordinator.OverflowStrategy;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.web.ClientAborts;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import reactor.core.scheduler.Schedulers;

/** Real write coordinators over in-memory sinks, for HTTP tests that must see what was (not) queued. */
final class TestCoordinators {

    private TestCoordinators() {}

    /** Records every item written; items matching {@code poison} fail their batch as a data error would. */
    static final class MemorySink<T> implements BatchSink<T>, DeadLetterSink<T> {

        final List<T> written = new CopyOnWriteArrayList<>();
        final List<T> deadLettered = new CopyOnWriteArrayList<>();
        private final Predicate<T> poison;

        MemorySink(Predicate<T> poison) {
            this.poison = poison;
        }

        MemorySink() {
            this(item -> false);
        }

        @Override
        public void write(List<T> batch) {
            if (batch.stream().anyMatch(poison)) {
                throw new IllegalArgumentException("row violates a check constraint");
            }
            written.addAll(batch);
        }

        @Override
        public void deadLetter(List<T> items, String error, int attempts) {
            deadLettered.addAll(items);
        }

        @Override
        public String name() {
            return "memory";
        }

        List<T> all() {
            List<T> all = new ArrayList<>(written);
            all.addAll(deadLettered);
            return all;
        }
    }

    static CoordinatorConfig config(int capacity, OverflowStrategy strategy, Duration enqueueTimeout) {
        return CoordinatorConfig.builder("test-coord", capacity)
                .workers(1)
                .batching(100, Duration.ofMillis(5))
                .overflow(strategy, enqueueTimeout)
                .retry(new CoordinatorConfig.RetrySettings(1, Duration.ofMillis(1), Duration.ofMillis(1), 1.0, false))
                .build();
    }

    /** Not started: admitted items stay queued, so a small queue fills up predictably. */
    static <T> WriteCoordinator<T> idle(CoordinatorConfig config, MemorySink<T> sink) {
        // Every failure is a data error here, so a poisoned row is isolated and dead-lettered at once.
        return new WriteCoordinator<>(config, sink, error -> false, sink, CoordinatorListener.NONE);
    }

    static <T> WriteCoordinator<T> running(CoordinatorConfig config, MemorySink<T> sink) {
        WriteCoordinator<T> coordinator = idle(config, sink);
        coordinator.start();
        return coordinator;
    }

    static IngestSettings ingest(Ack defaultAck, int maxItems, long maxBytes) {
        return new IngestSettings(defaultAck, maxItems, maxBytes, Duration.ofDays(1), 0);
    }

    /**
     * The controller over one coordinator per kind, items dated against {@code clock}
     * ({@code MDS_INGEST_MAX_FUTURE_SEC}), aborts counted nowhere.
     */
    static IngestController controller(
            WriteCoordinator<Bar> bars,
            WriteCoordinator<OptionSnapshot> options,
            WriteCoordinator<Fundamentals> fundamentals,
            WriteCoordinator<NewsItem> news,
            IngestSettings settings,
            Validator validator,
            Clock clock) {
        return controller(
                bars,
                options,
                fundamentals,
                news,
                settings,
                validator,
                clock,
                BodyBudget.of(settings.maxInflightBytes()));
    }

    /** As above, with {@code bodies} as the budget of request-body bytes (a test can hold some of it). */
    static IngestController controller(
            WriteCoordinator<Bar> bars,
            WriteCoordinator<OptionSnapshot> options,
            WriteCoordinator<Fundamentals> fundamentals,
            WriteCoordinator<NewsItem> news,
            IngestSettings settings,
            Validator validator,
            Clock clock,
            BodyBudget bodies) {
        KindIngest.Shared shared = new KindIngest.Shared(
                settings,
                IngestJson.mapper(),
                validator,
                clock,
                Schedulers.parallel(),
                Schedulers.boundedElastic(),
                bodies);
        return new IngestController(
                List.of(
                        shared.ingest(DataKind.BARS, Bar.class, bars),
                        shared.ingest(DataKind.OPTIONS, OptionSnapshot.class, options),
                        shared.ingest(DataKind.FUNDAMENTALS, Fundamentals.class, fundamentals),
                        shared.ingest(DataKind.NEWS, NewsItem.class, news)),
                ClientAborts.uncounted());
    }
}

package io.marketflow.store.system;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.feedback.FeedbackPublisher;
import java.util.List;
import java.util.Map;

/**
 * The store's four write coordinators, one per {@link DataKind}, each with the feedback publisher that
 * reports its pressure, and the metrics that sample its health.
 */
public final class StoreCoordinators {

    /** One coordinator and what belongs to it. */
    public record Entry<T>(
            DataKind kind, WriteCoordinator<T> coordinator, FeedbackPublisher feedback, CoordinatorMetrics metrics) {}

    private final Map<DataKind, Entry<?>> entries;

    StoreCoordinators(Map<DataKind, Entry<?>> entries) {
        this.entries = Map.copyOf(entries);
    }

    public List<Entry<?>> all() {
        return List.of(DataKind.values()).stream().<Entry<?>>map(entries::get).toList();
    }

    public Entry<?> get(DataKind kind) {
        return entries.get(kind);
    }

    @SuppressWarnings("unchecked")
    public WriteCoordinator<Bar> bars() {
        return (WriteCoordinator<Bar>) entries.get(DataKind.BARS).coordinator();
    }

    @SuppressWarnings("unchecked")
    public WriteCoordinator<OptionSnapshot> options() {
        return (WriteCoordinator<OptionSnapshot>) entries.get(DataKind.OPTIONS).coordinator();
    }

    @SuppressWarnings("unchecked")
    public WriteCoordinator<Fundamentals> fundamentals() {
        return (WriteCoordinator<Fundamentals>)
                entries.get(DataKind.FUNDAMENTALS).coordinator();
    }

    @SuppressWarnings("unchecked")
    public WriteCoordinator<NewsItem> news() {
        return (WriteCoordinator<NewsItem>) entries.get(DataKind.NEWS).coordinator();
    }
}

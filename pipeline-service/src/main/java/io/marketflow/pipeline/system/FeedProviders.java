package io.marketflow.pipeline.system;

import io.marketflow.pipeline.provider.BarProvider;
import io.marketflow.pipeline.provider.CsvProvider;
import io.marketflow.pipeline.provider.SyntheticProvider;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import reactor.core.scheduler.Schedulers;

/** Builds the feed's providers from their {@code MDP_PROVIDER_<NAME>_*} settings. */
final class FeedProviders {

    private FeedProviders() {}

    /** One provider per entry of {@link PipelineProperties#feedProviders()}, sorted by name. */
    static List<BarProvider> create(PipelineProperties properties, Validator validator) {
        return properties.feedProviders().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> create(entry.getKey(), entry.getValue(), validator))
                .toList();
    }

    private static BarProvider create(String name, PipelineProperties.Provider settings, Validator validator) {
        return switch (settings.kind()) {
            case SYNTHETIC ->
                new SyntheticProvider(
                        name,
                        settings.symbolsOrDefault(),
                        settings.timeframe(),
                        settings.mode(),
                        settings.start() != null ? settings.start() : SyntheticProvider.defaultStart(Clock.systemUTC()),
                        // A fixed default seed per name: the same configuration replays the same bars.
                        settings.seed() != null ? settings.seed() : name.hashCode(),
                        Clock.systemUTC(),
                        Schedulers.parallel());
            case CSV ->
                new CsvProvider(
                        name,
                        settings.file(),
                        settings.timeframe(),
                        new LinkedHashSet<>(settings.symbolsOrDefault()),
                        validator);
        };
    }
}

package io.marketflow.pipeline.system;

import io.marketflow.pipeline.ratelimit.ProviderLimits;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/** The one start-up line with the effective settings. Secrets appear only as {@code set} or {@code unset}. */
final class SettingsSummary {

    private SettingsSummary() {}

    static String describe(PipelineProperties properties, Collection<String> providers) {
        PipelineProperties.Feedback feedback = properties.feedback();
        return "pipeline settings: store_url=" + properties.storeUrl()
                + " store_api_key=" + setOrUnset(properties.storeApiKey())
                + " feed_enabled=" + properties.feed().enabled()
                + " feedback=" + (feedback.enableFeedback() ? "on" : "off")
                + " policy=" + lower(feedback.policy())
                + (feedback.policy() == PipelineProperties.Policy.PACE
                        ? " target_delay=" + feedback.pace().targetDelayMs() + "ms"
                        : "")
                + " stale_after=" + feedback.staleAfterSec() + "s"
                + " fallback=" + feedback.staleFallback().wireName()
                + " webhook_secret=" + setOrUnset(feedback.webhookSecret())
                + " batch_size=" + properties.router().batchSize()
                + " dlq_dir=" + properties.dlqDir()
                + " admin_api_keys=" + properties.admin().apiKeys().size()
                + " providers: "
                + providers.stream()
                        .sorted()
                        .map(name -> provider(properties, name))
                        .collect(Collectors.joining(", "));
    }

    private static String provider(PipelineProperties properties, String name) {
        ProviderLimits limits = properties.limitsFor(name);
        PipelineProperties.Provider feed =
                properties.feed().enabled() ? properties.feedProviders().get(name) : null;
        String source = feed == null
                ? ""
                : lower(feed.kind())
                        + (feed.kind() == PipelineProperties.Kind.SYNTHETIC ? " " + lower(feed.mode()) : "")
                        + " " + feed.timeframe() + " " + feed.symbolsOrDefault()
                        + (feed.file() != null ? " " + feed.file() : "") + ", ";
        return name + "[" + source + "capacity " + limits.capacity() + ", refill " + limits.refillRate() + "/s"
                + ", cooldown " + limits.cooldown().toSeconds() + "s"
                + ", breaker " + limits.breakerThreshold() + "/"
                + limits.breakerTimeout().toSeconds() + "s]";
    }

    private static String setOrUnset(String secret) {
        return secret == null || secret.isBlank() ? "unset" : "set";
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}

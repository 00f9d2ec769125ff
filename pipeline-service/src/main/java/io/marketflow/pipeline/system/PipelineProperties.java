package io.marketflow.pipeline.system;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.Timeframes;
import io.marketflow.contracts.webhook.WebhookVerifier;
import io.marketflow.pipeline.provider.SyntheticProvider;
import io.marketflow.pipeline.ratelimit.ProviderLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

/**
 * Every pipeline setting, validated once at start-up. {@code application.yml} maps the contract's fixed
 * {@code MDP_*} variables onto these properties; {@link ProviderSettingsEnvironmentPostProcessor} maps the
 * per-name families {@code MDP_RATE_<NAME>_*} and {@code MDP_PROVIDER_<NAME>_*} onto {@code rate} and
 * {@code provider}, keyed by the lower-case name.
 */
@Validated
@ConfigurationProperties("mdp")
public record PipelineProperties(
        @NotNull @DefaultValue("http://localhost:8080") URI storeUrl,
        String storeApiKey,
        @NotNull @DefaultValue(".dlq-pipeline") Path dlqDir,
        @Valid @NotNull @DefaultValue Feed feed,
        @Valid @NotNull @DefaultValue @Name("fb") Feedback feedback,
        @Valid @NotNull @DefaultValue Router router,
        @NotNull @DefaultValue Map<String, @Valid Rate> rate,
        @NotNull @DefaultValue Map<String, @Valid Provider> provider,
        @Valid @NotNull @DefaultValue Admin admin) {

    /** Provider names become metric tags and map keys: lower-case letters, digits and underscores. */
    static final String NAME_PATTERN = "[a-z0-9][a-z0-9_]{0,63}";

    public PipelineProperties {
        rate = Map.copyOf(rate);
        provider = Map.copyOf(provider);
    }

    @AssertTrue(message = "must be an http or https URL with a host")
    boolean isStoreUrlValid() {
        return storeUrl == null
                || (("http".equals(storeUrl.getScheme()) || "https".equals(storeUrl.getScheme()))
                        && storeUrl.getHost() != null);
    }

    @AssertTrue(
            message =
                    "provider names (<NAME> of MDP_RATE_<NAME>_* and MDP_PROVIDER_<NAME>_*) must be 1..64 of a-z 0-9 _")
    boolean isProviderNamesWellFormed() {
        return rate.keySet().stream().allMatch(name -> name.matches(NAME_PATTERN))
                && provider.keySet().stream().allMatch(name -> name.matches(NAME_PATTERN));
    }

    /** Limits for {@code name}: its {@code MDP_RATE_<NAME>_*} settings, or the contract's defaults. */
    public ProviderLimits limitsFor(String name) {
        Rate settings = rate.get(name);
        return settings == null ? ProviderLimits.DEFAULTS : settings.toLimits();
    }

    /**
     * The providers the feed runs: the configured ones, or, when none is configured, one synthetic provider
     * named after {@code MDP_FB_PROVIDER_NAME}.
     */
    public Map<String, Provider> feedProviders() {
        return provider.isEmpty() ? Map.of(feedback.providerName(), Provider.DEFAULT_SYNTHETIC) : provider;
    }

    public record Feed(@DefaultValue("false") boolean enabled) {}

    /**
     * {@code MDP_ADMIN_API_KEYS}: comma-separated keys, one of which {@code /admin/**} then requires as
     * {@code Authorization: Bearer <key>}; none (the default) leaves the admin endpoints open.
     */
    public record Admin(List<String> apiKeys) {

        public Admin {
            apiKeys = apiKeys == null
                    ? List.of()
                    : apiKeys.stream()
                            .map(String::strip)
                            .filter(k -> !k.isEmpty())
                            .toList();
        }

        // The keys are secrets: never in a log line or an error message.
        @Override
        public String toString() {
            return "Admin[apiKeys=" + apiKeys.size() + " configured]";
        }
    }

    public enum Policy {
        PACE,
        STEP,
        AIMD
    }

    /** {@code MDP_FB_*}: the feedback loop (property group {@code mdp.fb}). */
    public record Feedback(
            @DefaultValue("true") boolean enableFeedback,

            @NotBlank @Pattern(regexp = NAME_PATTERN, message = "must be 1..64 of a-z 0-9 _") @DefaultValue("ibkr")
            String providerName,

            String webhookSecret,
            @NotNull @DefaultValue("pace") Policy policy,

            @DecimalMin("0.001") @DecimalMax("86400") @DefaultValue("15")
            double staleAfterSec,

            @NotNull @DefaultValue("soft") BackpressureLevel staleFallback,
            @Min(1) @Max(1000) @DefaultValue("32") int maxCoordinators,
            @Valid @NotNull @DefaultValue Step step,
            @Valid @NotNull @DefaultValue Aimd aimd,
            @Valid @NotNull @DefaultValue Pace pace) {

        public Feedback {
            providerName = providerName == null ? null : providerName.strip().toLowerCase(Locale.ROOT);
            webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret.strip();
        }

        public Duration staleAfter() {
            return seconds(staleAfterSec);
        }

        @AssertTrue(message = "must be ok or soft: a hard fallback would freeze the pipeline when the store is gone")
        boolean isStaleFallbackValid() {
            return staleFallback != BackpressureLevel.HARD;
        }

        @AssertTrue(message = "must be whsec_ followed by the base64 of at least 24 random bytes")
        boolean isWebhookSecretValid() {
            if (webhookSecret == null) {
                return true;
            }
            try {
                new WebhookVerifier(webhookSecret, Clock.systemUTC());
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    public record Step(
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("1.0")
            double okScale,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5")
            double softScale,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.0")
            double hardScale) {

        @AssertTrue(
                message = "scales must not rise with pressure: MDP_FB_STEP_OK_SCALE >= MDP_FB_STEP_SOFT_SCALE"
                        + " >= MDP_FB_STEP_HARD_SCALE")
        boolean isOrdered() {
            return okScale >= softScale && softScale >= hardScale;
        }
    }

    public record Aimd(
            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") @DefaultValue("0.1")
            double increase,

            @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) @DefaultValue("0.5")
            double decreaseFactor,

            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") @DefaultValue("0.05")
            double minScale,

            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") @DefaultValue("0.25")
            double maxStep,

            @DecimalMin("0.0") @DecimalMax("3600") @DefaultValue("2")
            double minIntervalSec) {}

    /** {@code MDP_FB_PACE_*}: the pace policy's controller; the step scales serve events without a drain rate. */
    public record Pace(
            @Min(1) @Max(60_000) @DefaultValue("250") long targetDelayMs,

            @DecimalMin(value = "1.0", inclusive = false) @DecimalMax("4.0") @DefaultValue("1.2")
            double probeGain,

            @Min(1) @Max(600_000) @DefaultValue("1000") long drainHorizonMs,

            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") @DefaultValue("0.02")
            double minGain) {}

    public record Router(
            @Min(1) @Max(100_000) @DefaultValue("100") int batchSize,
            @Min(1) @Max(60_000) @DefaultValue("250") long lingerMs,

            @DecimalMin("0.1") @DecimalMax("3600") @DefaultValue("30")
            double requestTimeoutSec,

            @Min(1) @DefaultValue("200") long retryInitialMs,
            @Min(1) @DefaultValue("10000") long retryMaxMs,
            @DecimalMin("0.0") @DefaultValue("10") double shutdownTimeoutSec) {

        @AssertTrue(message = "MDP_ROUTER_RETRY_MAX_MS must be >= MDP_ROUTER_RETRY_INITIAL_MS")
        boolean isRetryOrdered() {
            return retryMaxMs >= retryInitialMs;
        }
    }

    /** {@code MDP_RATE_<NAME>_*}: seconds may be fractional. */
    public record Rate(
            @Min(1) @Max(1_000_000) @DefaultValue("100") int capacity,

            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1000000") @DefaultValue("60")
            double refillRate,

            @DecimalMin("0.0") @DefaultValue("600") double cooldownSec,
            @Min(1) @DefaultValue("5") int breakerThreshold,
            @DecimalMin("0.0") @DefaultValue("60") double breakerTimeout) {

        ProviderLimits toLimits() {
            return new ProviderLimits(
                    capacity, refillRate, seconds(cooldownSec), breakerThreshold, seconds(breakerTimeout));
        }
    }

    public enum Kind {
        SYNTHETIC,
        CSV
    }

    /**
     * {@code MDP_PROVIDER_<NAME>_*}. Symbols: for synthetic the symbols to generate (default AAPL,MSFT), for
     * csv a filter (default: every symbol in the file). Timeframe: of synthetic bars, and for csv rows whose
     * timeframe cell is empty. Start and seed (synthetic only) make runs reproducible. Mode (synthetic only):
     * {@code live} (bars as wall-clock time passes, the default) or {@code backfill} (from start, default six
     * hours ago, up to now as fast as allowed, then live).
     */
    public record Provider(
            @NotNull @DefaultValue("synthetic") Kind kind,
            @NotNull @DefaultValue List<@Pattern(regexp = Timeframes.SYMBOL_PATTERN) String> symbols,

            @NotNull
            @Pattern(regexp = Timeframes.PATTERN, message = "must be one of 1s 5s 1m 5m 15m 1h 1d")
            @DefaultValue("1m")
            String timeframe,

            Path file,
            Instant start,
            Long seed,
            @NotNull @DefaultValue("live") SyntheticProvider.Mode mode) {

        static final Provider DEFAULT_SYNTHETIC =
                new Provider(Kind.SYNTHETIC, List.of(), "1m", null, null, null, SyntheticProvider.Mode.LIVE);

        public Provider {
            symbols = symbols.stream()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }

        public List<String> symbolsOrDefault() {
            return symbols.isEmpty() && kind == Kind.SYNTHETIC ? List.of("AAPL", "MSFT") : symbols;
        }

        @AssertTrue(message = "a csv provider needs a readable file")
        boolean isFileValid() {
            return kind != Kind.CSV || (file != null && Files.isReadable(file));
        }
    }

    static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}

package io.marketflow.pipeline.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.pipeline.provider.SyntheticProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * Each environment variable of the contract changes the setting it names, through the same path as in
 * production: application.yml placeholders, the per-name post-processor, binding and validation.
 */
class SettingsTests {

    private static final String SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @TempDir
    static Path dir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PipelineProperties.class)
    static class SettingsOnly {}

    /** Binds the settings with {@code variables} as the process environment. */
    static PipelineProperties bind(Map<String, String> variables) {
        SpringApplication application = new SpringApplication(SettingsOnly.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
        application.setEnvironment(environment);
        try (ConfigurableApplicationContext context = application.run()) {
            return context.getBean(PipelineProperties.class);
        }
    }

    private static PipelineProperties defaults;

    private static synchronized PipelineProperties defaults() {
        if (defaults == null) {
            defaults = bind(Map.of());
        }
        return defaults;
    }

    static Stream<Arguments> variables() throws IOException {
        Path csv = Files.writeString(dir.resolve("bars.csv"), "AAPL,1m,2025-10-15T14:30:00Z,1,2,0.5,1.5,10\n");
        return Stream.of(
                setting(
                        "MDP_STORE_URL",
                        "http://store:9000",
                        PipelineProperties::storeUrl,
                        URI.create("http://store:9000")),
                setting("MDP_STORE_API_KEY", "k1", PipelineProperties::storeApiKey, "k1"),
                setting("MDP_FEED_ENABLED", "true", p -> p.feed().enabled(), true),
                setting("MDP_FB_ENABLE_FEEDBACK", "false", p -> p.feedback().enableFeedback(), false),
                setting("MDP_FB_PROVIDER_NAME", "Alpaca", p -> p.feedback().providerName(), "alpaca"),
                setting("MDP_FB_WEBHOOK_SECRET", SECRET, p -> p.feedback().webhookSecret(), SECRET),
                setting("MDP_FB_POLICY", "aimd", p -> p.feedback().policy(), PipelineProperties.Policy.AIMD),
                setting("MDP_FB_POLICY", "step", p -> p.feedback().policy(), PipelineProperties.Policy.STEP),
                setting(
                        "MDP_FB_PACE_TARGET_DELAY_MS",
                        "400",
                        p -> p.feedback().pace().targetDelayMs(),
                        400L),
                setting(
                        "MDP_FB_PACE_PROBE_GAIN",
                        "1.1",
                        p -> p.feedback().pace().probeGain(),
                        1.1),
                setting("MDP_FB_STALE_AFTER_SEC", "7.5", p -> p.feedback().staleAfterSec(), 7.5),
                setting("MDP_FB_STALE_FALLBACK", "ok", p -> p.feedback().staleFallback(), BackpressureLevel.OK),
                setting("MDP_FB_MAX_COORDINATORS", "4", p -> p.feedback().maxCoordinators(), 4),
                setting(
                        "MDP_FB_STEP_SOFT_SCALE",
                        "0.25",
                        p -> p.feedback().step().softScale(),
                        0.25),
                setting("MDP_FB_AIMD_INCREASE", "0.2", p -> p.feedback().aimd().increase(), 0.2),
                setting(
                        "MDP_FB_AIMD_MIN_INTERVAL_SEC",
                        "5",
                        p -> p.feedback().aimd().minIntervalSec(),
                        5.0),
                setting("MDP_ROUTER_BATCH_SIZE", "7", p -> p.router().batchSize(), 7),
                setting("MDP_ROUTER_LINGER_MS", "40", p -> p.router().lingerMs(), 40L),
                setting("MDP_RATE_IBKR_CAPACITY", "7", p -> p.limitsFor("ibkr").capacity(), 7),
                setting(
                        "MDP_RATE_IBKR_REFILL_RATE",
                        "2.5",
                        p -> p.limitsFor("ibkr").refillRate(),
                        2.5),
                setting(
                        "MDP_RATE_IBKR_COOLDOWN_SEC",
                        "30",
                        p -> p.limitsFor("ibkr").cooldown().toSeconds(),
                        30L),
                setting(
                        "MDP_RATE_IBKR_BREAKER_THRESHOLD",
                        "9",
                        p -> p.limitsFor("ibkr").breakerThreshold(),
                        9),
                setting(
                        "MDP_RATE_IBKR_BREAKER_TIMEOUT",
                        "12.5",
                        p -> p.limitsFor("ibkr").breakerTimeout().toMillis(),
                        12_500L),
                setting(
                        "MDP_RATE_MY_FEED_REFILL_RATE",
                        "3",
                        p -> p.limitsFor("my_feed").refillRate(),
                        3.0),
                setting(
                        "MDP_PROVIDER_SIM_SYMBOLS",
                        "SPY, QQQ",
                        p -> p.provider().get("sim").symbols(),
                        List.of("SPY", "QQQ")),
                setting(
                        "MDP_PROVIDER_SIM_TIMEFRAME",
                        "5m",
                        p -> p.provider().get("sim").timeframe(),
                        "5m"),
                setting(
                        "MDP_PROVIDER_SIM_START",
                        "2025-01-02T00:00:00Z",
                        p -> p.provider().get("sim").start(),
                        Instant.parse("2025-01-02T00:00:00Z")),
                setting(
                        "MDP_PROVIDER_SIM_MODE",
                        "backfill",
                        p -> p.provider().get("sim").mode(),
                        SyntheticProvider.Mode.BACKFILL),
                setting(
                        "MDP_PROVIDER_SIM_SEED",
                        "99",
                        p -> p.provider().get("sim").seed(),
                        99L),
                Arguments.of(
                        Map.of("MDP_PROVIDER_REPLAY_KIND", "csv", "MDP_PROVIDER_REPLAY_FILE", csv.toString()),
                        (Function<PipelineProperties, Object>)
                                p -> p.provider().get("replay").kind() + " "
                                        + p.provider().get("replay").file(),
                        "CSV " + csv));
    }

    private static Arguments setting(
            String variable, String value, Function<PipelineProperties, Object> setting, Object expected) {
        return Arguments.of(Map.of(variable, value), setting, expected);
    }

    @ParameterizedTest
    @MethodSource("variables")
    void variableChangesTheSettingItNames(
            Map<String, String> variables, Function<PipelineProperties, Object> setting, Object expected) {
        Object byDefault = safely(setting, defaults());

        assertThat(setting.apply(bind(variables))).isEqualTo(expected).isNotEqualTo(byDefault);
    }

    private static Object safely(Function<PipelineProperties, Object> setting, PipelineProperties properties) {
        try {
            return setting.apply(properties);
        } catch (NullPointerException unsetProvider) {
            return null;
        }
    }

    @Test
    void defaultsAreTheContracts() {
        PipelineProperties properties = bind(Map.of());

        assertThat(properties.storeUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(properties.feed().enabled()).isFalse();
        assertThat(properties.feedback().enableFeedback()).isTrue();
        assertThat(properties.feedback().providerName()).isEqualTo("ibkr");
        assertThat(properties.feedback().webhookSecret()).isNull();
        assertThat(properties.feedback().policy()).isEqualTo(PipelineProperties.Policy.PACE);
        assertThat(properties.feedback().pace().targetDelayMs()).isEqualTo(250L);
        assertThat(properties.feedback().staleAfterSec()).isEqualTo(15.0);
        assertThat(properties.feedback().staleFallback()).isEqualTo(BackpressureLevel.SOFT);
        assertThat(properties.limitsFor("ibkr")).isEqualTo(io.marketflow.pipeline.ratelimit.ProviderLimits.DEFAULTS);
        assertThat(properties.feedProviders()).containsOnlyKeys("ibkr");
        assertThat(properties.feedProviders().get("ibkr").symbolsOrDefault()).containsExactly("AAPL", "MSFT");
        assertThat(properties.feedProviders().get("ibkr").mode()).isEqualTo(SyntheticProvider.Mode.LIVE);
        assertThat(bind(Map.of("MDP_PROVIDER_SIM_KIND", "synthetic"))
                        .provider()
                        .get("sim")
                        .mode())
                .as("live unless told otherwise")
                .isEqualTo(SyntheticProvider.Mode.LIVE);
    }

    @Test
    void rateVariablesOfOneProviderLeaveTheOtherSettingsAtTheirDefaults() {
        PipelineProperties properties = bind(Map.of("MDP_RATE_ALPACA_CAPACITY", "5"));

        assertThat(properties.limitsFor("alpaca").refillRate()).isEqualTo(60.0);
        assertThat(properties.limitsFor("alpaca").breakerThreshold()).isEqualTo(5);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("MDP_RATE_IBKR_CAPACITY", "0", "MDP_RATE_IBKR_CAPACITY"),
                Arguments.of("MDP_RATE_IBKR_REFILL_RATE", "fast", "MDP_RATE_IBKR_REFILL_RATE"),
                Arguments.of("MDP_FB_POLICY", "pid", "MDP_FB_POLICY"),
                Arguments.of("MDP_FB_PACE_TARGET_DELAY_MS", "0", "MDP_FB_PACE_TARGET_DELAY_MS"),
                Arguments.of("MDP_FB_PACE_PROBE_GAIN", "1.0", "MDP_FB_PACE_PROBE_GAIN"),
                Arguments.of("MDP_FB_STALE_AFTER_SEC", "0", "MDP_FB_STALE_AFTER_SEC"),
                Arguments.of("MDP_FB_STALE_FALLBACK", "hard", "MDP_FB_STALE_FALLBACK"),
                Arguments.of("MDP_FB_WEBHOOK_SECRET", "not-a-secret", "MDP_FB_WEBHOOK_SECRET"),
                Arguments.of("MDP_STORE_URL", "ftp://store", "MDP_STORE_URL"),
                Arguments.of("MDP_PROVIDER_SIM_TIMEFRAME", "2m", "MDP_PROVIDER_SIM_TIMEFRAME"),
                Arguments.of("MDP_PROVIDER_SIM_KIND", "csv", "MDP_PROVIDER_SIM_FILE"),
                Arguments.of("MDP_PROVIDER_SIM_MODE", "fast", "MDP_PROVIDER_SIM_MODE"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValueStopsStartUpWithAMessageNamingTheSetting(String variable, String value, String named) {
        Throwable failure = catchThrowable(() -> bind(Map.of(variable, value)));

        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new SettingsFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        assertThat(analysis.getDescription()).contains(named).doesNotContain("not-a-secret");
    }

    @Test
    void everyVariableInApplicationYmlFollowsTheNamingRule() throws IOException {
        Map<String, String> variables = new HashMap<>();
        try (InputStream in = SettingsTests.class.getResourceAsStream("/application.yml")) {
            flatten("", new Yaml().load(in), variables);
        }
        variables.remove("server.port"); // PORT is the platform's convention, not the contract's.

        assertThat(variables)
                .isNotEmpty()
                .allSatisfy((property, variable) -> assertThat(variable).isEqualTo(SettingNames.variableFor(property)));
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, out));
        } else if (node != null) {
            Matcher matcher = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(node.toString());
            if (matcher.find()) {
                out.put(prefix, matcher.group(1));
            }
        }
    }
}

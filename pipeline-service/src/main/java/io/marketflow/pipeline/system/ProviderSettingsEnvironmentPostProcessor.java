package io.marketflow.pipeline.system;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Maps the contract's per-name variable families onto properties: {@code MDP_RATE_<NAME>_<SETTING>} to
 * {@code mdp.rate[<name>].<setting>} and {@code MDP_PROVIDER_<NAME>_<SETTING>} to
 * {@code mdp.provider[<name>].<setting>}, with {@code <name>} in lower case. Only the known settings are
 * matched, from the end, so names may contain underscores ({@code MDP_RATE_MY_FEED_REFILL_RATE} is
 * {@code refill-rate} of {@code my_feed}). Variables are found in every enumerable property source (the
 * environment, system properties, test properties); the value is read through the environment, so the usual
 * precedence holds. The derived properties come last: a {@code mdp.*} property set directly wins.
 */
class ProviderSettingsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "mdpPerProviderSettings";

    private static final Pattern RATE =
            Pattern.compile("MDP_RATE_(.+)_(CAPACITY|REFILL_RATE|COOLDOWN_SEC|BREAKER_THRESHOLD|BREAKER_TIMEOUT)");
    private static final Pattern PROVIDER =
            Pattern.compile("MDP_PROVIDER_(.+)_(KIND|SYMBOLS|TIMEFRAME|FILE|START|SEED|MODE)");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = new LinkedHashMap<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable && !SOURCE_NAME.equals(source.getName())) {
                for (String key : enumerable.getPropertyNames()) {
                    String property = propertyFor(key);
                    if (property != null && !derived.containsKey(property)) {
                        derived.put(property, environment.getProperty(key));
                    }
                }
            }
        }
        if (!derived.isEmpty()) {
            environment.getPropertySources().remove(SOURCE_NAME);
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, derived));
        }
    }

    /** {@code MDP_RATE_IBKR_REFILL_RATE} -> {@code mdp.rate[ibkr].refill-rate}; null for other keys. */
    static String propertyFor(String key) {
        Matcher rate = RATE.matcher(key);
        if (rate.matches()) {
            return "mdp.rate[" + name(rate.group(1)) + "]." + setting(rate.group(2));
        }
        Matcher provider = PROVIDER.matcher(key);
        if (provider.matches()) {
            return "mdp.provider[" + name(provider.group(1)) + "]." + setting(provider.group(2));
        }
        return null;
    }

    private static String name(String raw) {
        return raw.toLowerCase(Locale.ROOT);
    }

    private static String setting(String raw) {
        return raw.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public int getOrder() {
        // After config data (application.yml, profiles), so variables written there are seen too.
        return Ordered.LOWEST_PRECEDENCE;
    }
}

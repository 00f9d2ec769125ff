package io.marketflow.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The store's settings as the application sees them when {@code env} is the whole process environment: the
 * machine's own variables and system properties are left out, so a test depends only on what it sets.
 */
public final class SettingsEnvironment {

    private SettingsEnvironment() {}

    /** {@code env} as environment variables, over {@code store-service.yml}. */
    public static StandardEnvironment of(Map<String, String> env) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addLast(new SystemEnvironmentPropertySource("test-env", new HashMap<>(env)));
        try {
            new YamlPropertySourceLoader()
                    .load("store-service.yml", new ClassPathResource("store-service.yml"))
                    .forEach(sources::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return environment;
    }

    /** The settings under {@code prefix}, bound to {@code type} from {@link #of(Map) the environment} {@code env}. */
    public static <T> T bind(Map<String, String> env, String prefix, Class<T> type) {
        return Binder.get(of(env)).bind(prefix, type).get();
    }
}

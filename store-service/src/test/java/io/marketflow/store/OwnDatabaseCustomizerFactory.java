package io.marketflow.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives each test class a fresh database of the shared embedded PostgreSQL, named after the class, and a
 * dead-letter directory of its own ({@link StoreTestDatabase#newDatabaseWithDeadLetters}). The customizer is equal
 * only for the same class, so each class also gets an application context of its own.
 */
final class OwnDatabaseCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new OwnDatabase(testClass);
    }

    private record OwnDatabase(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            String name = testClass.getSimpleName();
            Map<String, Object> settings = new HashMap<>(StoreTestDatabase.newDatabaseWithDeadLetters(name));
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("database of " + name, settings));
        }
    }
}

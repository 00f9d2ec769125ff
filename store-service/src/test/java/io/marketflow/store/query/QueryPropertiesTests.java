package io.marketflow.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** {@code MDS_SESSION_TZ} and {@code MDS_QUERY_MAX_CONNECTIONS} reach the read side's settings. */
class QueryPropertiesTests {

    static QueryProperties bind(Map<String, String> env) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addLast(new SystemEnvironmentPropertySource("test-env", new HashMap<>(env)));
        new YamlPropertySourceLoader()
                .load("store-service.yml", new ClassPathResource("store-service.yml"))
                .forEach(sources::addLast);
        return Binder.get(environment).bind("mds.query", QueryProperties.class).get();
    }

    @Test
    void sessionZoneDefaultsToUtcAndFollowsMdsSessionTz() throws IOException {
        assertThat(bind(Map.of()).sessionTz()).isEqualTo(ZoneId.of("UTC"));
        assertThat(bind(Map.of("MDS_SESSION_TZ", "America/New_York")).sessionTz())
                .isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void readConnectionsDefaultToFourAndFollowTheirVariable() throws IOException {
        assertThat(bind(Map.of()).maxConnections()).isEqualTo(4);
        assertThat(bind(Map.of("MDS_QUERY_MAX_CONNECTIONS", "2")).maxConnections())
                .isEqualTo(2);
    }

    @Test
    void anUnknownZoneIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("MDS_SESSION_TZ", "Mars/Olympus")))
                .hasStackTraceContaining("Mars/Olympus");
    }
}

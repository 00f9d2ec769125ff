package io.marketflow.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.store.SettingsEnvironment;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code MDS_SESSION_TZ} and {@code MDS_QUERY_MAX_CONNECTIONS} reach the read side's settings. */
class QueryPropertiesTests {

    static QueryProperties bind(Map<String, String> env) {
        return SettingsEnvironment.bind(env, "mds.query", QueryProperties.class);
    }

    @Test
    void sessionZoneDefaultsToUtcAndFollowsMdsSessionTz() {
        assertThat(bind(Map.of()).sessionTz()).isEqualTo(ZoneId.of("UTC"));
        assertThat(bind(Map.of("MDS_SESSION_TZ", "America/New_York")).sessionTz())
                .isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void readConnectionsDefaultToFourAndFollowTheirVariable() {
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

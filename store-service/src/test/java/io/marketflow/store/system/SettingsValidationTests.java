package io.marketflow.store.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.store.SettingsEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A bad setting stops start-up, and the message names the environment variable a user set. */
class SettingsValidationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(StoreProperties.class)
    static class PropertiesOnly {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PropertiesOnly.class)
            .withInitializer(context -> SettingsEnvironment.of(Map.of())
                    .getPropertySources()
                    .forEach(source ->
                            context.getEnvironment().getPropertySources().addLast(source)));

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "MDS_RETRY_MAX_ATTEMPTS, 0, must be greater than or equal to 1",
        "MDS_COORDINATOR_WORKERS, 0, must be greater than or equal to 1",
        "MDS_COORDINATOR_OVERFLOW_STRATEGY, sometimes, sometimes",
        "MDS_COORDINATOR_WRITE_METHOD, fast, fast",
        "MDS_COORDINATOR_FLUSH_INTERVAL, -1, must be greater than or equal to 0.001",
        "MDS_FEEDBACK_WEBHOOK_SECRET, not-a-secret, whsec_",
        "MDS_FEEDBACK_WEBHOOK_URL, ftp://x, http(s) URL",
        "MDS_FEEDBACK_WEBHOOK_URL, 'http://pipe-a:8081/feedback,ftp://pipe-b', http(s) URL",
        "MDS_FEEDBACK_WEBHOOK_URL, 'http://pipe-a:8081/feedback,', http(s) URL",
        "MDS_FEEDBACK_WEBHOOK_URL, 'http://pipe-a:8081/feedback, http://pipe b/feedback', http(s) URL",
        "MDS_FEEDBACK_WEBHOOK_URL, 'http:///feedback', http(s) URL",
        "MDS_COORDINATOR_LEVEL_MIN_DWELL_SEC, -1, must be greater than or equal to 0",
        "MDS_INGEST_MAX_FUTURE_SEC, -1, must be greater than or equal to 0",
    })
    void badValueStopsStartUpNamingTheVariable(String variable, String value, String reason) {
        runner.withPropertyValues(variable + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new SettingsFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains(variable).contains(reason);
        });
    }

    @Test
    void watermarksOutOfOrderStopStartUp() {
        runner.withPropertyValues("MDS_COORDINATOR_LOW_WATERMARK=900", "MDS_COORDINATOR_HIGH_WATERMARK=100")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(new SettingsFailureAnalyzer()
                                    .analyze(context.getStartupFailure())
                                    .getDescription())
                            .contains("MDS_COORDINATOR_LOW_WATERMARK must be below MDS_COORDINATOR_HIGH_WATERMARK");
                });
    }

    @Test
    void contractDefaultsStart() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(StoreProperties.class));
    }
}

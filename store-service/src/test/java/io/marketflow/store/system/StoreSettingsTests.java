package io.marketflow.store.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.store.SettingsEnvironment;
import io.marketflow.store.coordinator.OverflowStrategy;
import io.marketflow.store.ingest.Ack;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.sink.WriteMethod;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Every environment variable of the contract, set as a real environment variable would be, changes exactly
 * the setting it names. Spring's relaxed binding would not map most of them on its own.
 */
class StoreSettingsTests {

    static Stream<Arguments> variables() {
        return Stream.of(
                setting(
                        "MDS_INSTANCE_ID",
                        "store-7f9c",
                        p -> DataKind.NEWS.coordinatorId(p.coordinator().id(), p.instanceId()),
                        "news-coord-store-7f9c"),
                setting("MDS_COORDINATOR_ID", "news-x", p -> p.coordinator().id(), "news-x"),
                setting("MDS_COORDINATOR_CAPACITY", "777", p -> p.coordinator().capacity(), 777),
                setting("MDS_COORDINATOR_WORKERS", "9", p -> p.coordinator().workers(), 9),
                setting(
                        "MDS_COORDINATOR_BATCH_SIZE",
                        "1234",
                        p -> p.coordinator().batchSize(),
                        1234),
                setting(
                        "MDS_COORDINATOR_FLUSH_INTERVAL",
                        "0.75",
                        p -> p.coordinator().flushInterval(),
                        Duration.ofMillis(750)),
                setting(
                        "MDS_COORDINATOR_HIGH_WATERMARK",
                        "9000",
                        p -> p.coordinator().effectiveHighWatermark(),
                        9000),
                setting(
                        "MDS_COORDINATOR_LOW_WATERMARK",
                        "100",
                        p -> p.coordinator().effectiveLowWatermark(),
                        100),
                setting(
                        "MDS_COORDINATOR_OVERFLOW_STRATEGY",
                        "drop_oldest",
                        p -> p.coordinator().overflowStrategy(),
                        OverflowStrategy.DROP_OLDEST),
                setting(
                        "MDS_COORDINATOR_LEVEL_MIN_DWELL_SEC",
                        "2.5",
                        p -> p.coordinator().levelMinDwell(),
                        Duration.ofMillis(2500)),
                setting(
                        "MDS_COORDINATOR_WRITE_METHOD",
                        "copy",
                        p -> p.coordinator().writeMethod(),
                        WriteMethod.COPY),
                setting("MDS_RETRY_MAX_ATTEMPTS", "7", p -> p.retry().maxAttempts(), 7),
                setting("MDS_RETRY_INITIAL_BACKOFF_MS", "11", p -> p.retry().initialBackoffMs(), 11L),
                setting("MDS_RETRY_MAX_BACKOFF_MS", "3000", p -> p.retry().maxBackoffMs(), 3000L),
                setting("MDS_RETRY_BACKOFF_MULTIPLIER", "3.5", p -> p.retry().backoffMultiplier(), 3.5),
                setting("MDS_RETRY_JITTER", "false", p -> p.retry().jitter(), false),
                setting("MDS_CB_FAILURE_THRESHOLD", "3", p -> p.circuitBreaker().failureThreshold(), 3),
                setting(
                        "MDS_CB_HALF_OPEN_AFTER_SEC",
                        "2.5",
                        p -> p.circuitBreaker().halfOpenAfter(),
                        Duration.ofMillis(2500)),
                setting("MDS_METRICS_QUEUE_POLL_SEC", "1.5", p -> p.metrics().queuePoll(), Duration.ofMillis(1500)),
                setting("MDS_DLQ_DIR", "/var/lib/dlq", p -> p.dlq().dir(), "/var/lib/dlq"),
                setting(
                        "MDS_FEEDBACK_ENABLE_HTTP_BROADCAST",
                        "true",
                        p -> p.feedback().enableHttpBroadcast(),
                        true),
                setting(
                        "MDS_FEEDBACK_WEBHOOK_URL",
                        "http://pipe:9/feedback",
                        p -> p.feedback().webhookUrl(),
                        "http://pipe:9/feedback"),
                setting(
                        "MDS_FEEDBACK_WEBHOOK_SECRET",
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                        p -> p.feedback().webhookSecret(),
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                setting("MDS_FEEDBACK_HEARTBEAT_SEC", "2", p -> p.feedback().heartbeat(), Duration.ofSeconds(2)),
                setting(
                        "MDS_FEEDBACK_BUSY_INTERVAL_SEC",
                        "0.1",
                        p -> p.feedback().busyInterval(),
                        Duration.ofMillis(100)),
                setting("MDS_INGEST_DEFAULT_ACK", "committed", p -> p.ingest().defaultAck(), Ack.COMMITTED),
                setting("MDS_INGEST_MAX_ITEMS", "50", p -> p.ingest().maxItems(), 50),
                setting("MDS_INGEST_MAX_BYTES", "4096", p -> p.ingest().maxBytes(), 4096L),
                setting(
                        "MDS_INGEST_ENQUEUE_TIMEOUT_MS",
                        "250",
                        p -> p.ingest().enqueueTimeout(),
                        Duration.ofMillis(250)),
                setting("MDS_INGEST_API_KEYS", "k1, k2", p -> p.ingest().apiKeys(), List.of("k1", "k2")),
                setting("MDS_INGEST_MAX_FUTURE_SEC", "300", p -> p.ingest().maxFuture(), Duration.ofMinutes(5)),
                setting(
                        "MDS_INGEST_MAX_INFLIGHT_BYTES",
                        "20000000",
                        p -> p.ingest().settings().maxInflightBytes(),
                        20_000_000L),
                setting(
                        "MDS_SHUTDOWN_DRAIN_TIMEOUT_SEC",
                        "12",
                        p -> p.shutdown().drainTimeout(),
                        Duration.ofSeconds(12)));
    }

    static Stream<Arguments> journalVariables() {
        return Stream.of(
                journalSetting("MDS_JOURNAL_ENABLED", "false", JournalProperties::enabled, false),
                journalSetting("MDS_JOURNAL_DIR", "/var/lib/journal", JournalProperties::dir, "/var/lib/journal"),
                journalSetting("MDS_JOURNAL_SEGMENT_BYTES", "1048576", JournalProperties::segmentBytes, 1_048_576L));
    }

    @Test
    void theJournalIsOnByDefaultInDotJournal() {
        JournalProperties defaults = bindJournal(Map.of());
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.dir()).isEqualTo(".journal");
    }

    static JournalProperties bindJournal(Map<String, String> env) {
        return SettingsEnvironment.bind(env, "mds.journal", JournalProperties.class);
    }

    /** A case of {@link #environmentVariableChangesTheSettingItNames}: {@code read} sees the bound settings. */
    private static Arguments setting(
            String variable, String value, Function<StoreProperties, Object> read, Object expected) {
        return Arguments.of(variable, value, readFrom(StoreSettingsTests::bind, read), expected);
    }

    private static Arguments journalSetting(
            String variable, String value, Function<JournalProperties, Object> read, Object expected) {
        return Arguments.of(variable, value, readFrom(StoreSettingsTests::bindJournal, read), expected);
    }

    private static <T> Function<Map<String, String>, Object> readFrom(
            Function<Map<String, String>, T> bind, Function<T, Object> read) {
        return env -> read.apply(bind.apply(env));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource({"variables", "journalVariables"})
    void environmentVariableChangesTheSettingItNames(
            String variable, String value, Function<Map<String, String>, Object> read, Object expected) {
        assertThat(read.apply(Map.of(variable, value))).isEqualTo(expected);
        assertThat(read.apply(Map.of()))
                .as("the default differs, so the test can fail")
                .isNotEqualTo(expected);
    }

    @Test
    void everyContractVariableIsCovered() {
        List<String> tested = Stream.concat(variables(), journalVariables())
                .map(a -> (String) a.get()[0])
                .toList();
        // The read side's settings (mds.query.*) bind to their own record: QueryPropertiesTests covers them.
        List<String> mapped = SettingNames.envByProperty().entrySet().stream()
                .filter(entry -> !entry.getKey().startsWith("mds.query."))
                .map(Map.Entry::getValue)
                .filter(name -> name.startsWith("MDS_"))
                .distinct()
                .toList();
        assertThat(tested).containsExactlyInAnyOrderElementsOf(mapped);
    }

    @Test
    void databaseVariablesBuildBothConnectionUrls() {
        StandardEnvironment environment = SettingsEnvironment.of(Map.of(
                "POSTGRES_HOST",
                "db.internal",
                "POSTGRES_PORT",
                "6543",
                "POSTGRES_DB",
                "md",
                "POSTGRES_USER",
                "writer",
                "POSTGRES_PASSWORD",
                "pw"));

        assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://db.internal:6543/md");
        assertThat(environment.getProperty("spring.flyway.url")).isEqualTo("jdbc:postgresql://db.internal:6543/md");
        assertThat(environment.getProperty("spring.r2dbc.username")).isEqualTo("writer");
        assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("writer");
        assertThat(environment.getProperty("spring.r2dbc.password")).isEqualTo("pw");
        assertThat(environment.getProperty("spring.flyway.password")).isEqualTo("pw");
    }

    @Test
    void defaultsMatchTheContract() {
        StoreProperties p = bind(Map.of());
        assertThat(p.coordinator().capacity()).isEqualTo(10_000);
        assertThat(p.coordinator().effectiveHighWatermark()).isEqualTo(8_000);
        assertThat(p.coordinator().effectiveLowWatermark()).isEqualTo(5_000);
        assertThat(p.coordinator().overflowStrategy()).isEqualTo(OverflowStrategy.BLOCK);
        assertThat(p.ingest().defaultAck()).isEqualTo(Ack.QUEUED);
        assertThat(p.ingest().apiKeys()).isEmpty();
        assertThat(p.coordinator().levelMinDwell()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.feedback().busyInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(StoreConfiguration.coordinatorConfig("bars-coord", p).minLevelDwell())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(p.ingest().maxFuture()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void webhookUrlListsOneReceiverOrSeveralSeparatedByCommas() {
        assertThat(bind(Map.of()).feedback().webhookUrls())
                .containsExactly(URI.create("http://localhost:8081/feedback"));
        assertThat(bind(Map.of(
                                "MDS_FEEDBACK_WEBHOOK_URL",
                                "http://pipe-a:8081/feedback, https://pipe-b/feedback,http://pipe-a:8081/feedback"))
                        .feedback()
                        .webhookUrls())
                .as("in order, each once")
                .containsExactly(URI.create("http://pipe-a:8081/feedback"), URI.create("https://pipe-b/feedback"));
    }

    @Test
    void busyIntervalNeverExceedsTheHeartbeat() {
        StoreProperties fastHeartbeat = bind(Map.of("MDS_FEEDBACK_HEARTBEAT_SEC", "0.1"));

        assertThat(fastHeartbeat.feedback().busyInterval()).isEqualTo(Duration.ofMillis(100));
    }

    static StoreProperties bind(Map<String, String> env) {
        return SettingsEnvironment.bind(env, "mds", StoreProperties.class);
    }
}

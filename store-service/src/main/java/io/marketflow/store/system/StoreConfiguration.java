package io.marketflow.store.system;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.store.coordinator.AdmissionJournal;
import io.marketflow.store.coordinator.BatchSink;
import io.marketflow.store.coordinator.CircuitState;
import io.marketflow.store.coordinator.CoordinatorConfig;
import io.marketflow.store.coordinator.CoordinatorHealth;
import io.marketflow.store.coordinator.CoordinatorListener;
import io.marketflow.store.coordinator.FailureClassifier;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.deadletter.DeadLetterShelf;
import io.marketflow.store.deadletter.FileDeadLetterQueue;
import io.marketflow.store.feedback.EventSigner;
import io.marketflow.store.feedback.FeedbackBus;
import io.marketflow.store.feedback.FeedbackPublisher;
import io.marketflow.store.feedback.FeedbackWebhooks;
import io.marketflow.store.feedback.WebhookBroadcaster;
import io.marketflow.store.feedback.WebhookSettings;
import io.marketflow.store.ingest.BodyBudget;
import io.marketflow.store.ingest.IngestSettings;
import io.marketflow.store.journal.Journal;
import io.marketflow.store.journal.JournalKind;
import io.marketflow.store.lane.CoordinatorSignals;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.lane.Lane;
import io.marketflow.store.lane.LaneMetrics;
import io.marketflow.store.lane.Lanes;
import io.marketflow.store.sink.PostgresFailureClassifier;
import io.marketflow.store.web.ClientAborts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the write path from the settings: per {@link DataKind} one {@link Lane} (its sink, dead-letter shelf,
 * coordinator, feedback publisher and metrics). The core objects know nothing of Spring.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    /** Generous: a batch of thousands of rows on a busy database can take seconds, and a stuck one must end. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    @Bean
    FileDeadLetterQueue deadLetterQueue(StoreProperties properties, JsonMapper jsonMapper) {
        return new FileDeadLetterQueue(Path.of(properties.dlq().dir()), jsonMapper);
    }

    @Bean
    ClientAborts clientAborts(MeterRegistry registry) {
        return new ClientAborts(Counter.builder(StoreMetrics.INGEST_CLIENT_ABORTS)
                .description("Ingest requests whose client hung up before they were answered")
                .register(registry));
    }

    @Bean
    BodyBudget bodyBudget(IngestSettings settings, MeterRegistry registry) {
        BodyBudget budget = BodyBudget.of(settings.maxInflightBytes());
        Gauge.builder(StoreMetrics.INGEST_BODY_BYTES_HELD, budget, BodyBudget::held)
                .description("Bytes of request bodies the store holds now, being read or queued")
                .register(registry);
        Gauge.builder(StoreMetrics.INGEST_BODY_BYTES_LIMIT, budget, BodyBudget::limit)
                .description("The most bytes of request bodies held at once (MDS_INGEST_MAX_INFLIGHT_BYTES)")
                .register(registry);
        FunctionCounter.builder(StoreMetrics.INGEST_BUSY_REFUSALS, budget, BodyBudget::refusals)
                .description("Ingest requests refused with 503 busy: their bytes did not fit the budget")
                .register(registry);
        return budget;
    }

    @Bean
    ClientAbortObservationConvention clientAbortObservationConvention() {
        return new ClientAbortObservationConvention();
    }

    @Bean
    FailureClassifier failureClassifier() {
        return new PostgresFailureClassifier();
    }

    @Bean(destroyMethod = "close")
    FeedbackBus feedbackBus(MeterRegistry registry) {
        FeedbackBus bus = new FeedbackBus();
        for (BackpressureLevel level : BackpressureLevel.values()) {
            FunctionCounter.builder(StoreMetrics.FEEDBACK_EVENTS, bus, b -> b.published(level))
                    .description("Feedback events published (level changes and heartbeats)")
                    .tag(StoreMetrics.LEVEL, level.wireName())
                    .register(registry);
        }
        return bus;
    }

    /**
     * Admission may wait for room in a full queue ({@code block}), up to {@code MDS_INGEST_ENQUEUE_TIMEOUT_MS}
     * per request. Those waits get threads of their own: on Reactor's shared boundedElastic they would queue
     * ahead of the actuator's health indicators, and the Kubernetes probes of a saturated store would time out.
     */
    @Bean(destroyMethod = "dispose") // injected into the ingest controller by this name
    Scheduler ingestAdmissionScheduler() {
        int threads = Math.max(64, 10 * Runtime.getRuntime().availableProcessors());
        return Schedulers.newBoundedElastic(threads, 100_000, "ingest-admission", 60, true);
    }

    /**
     * Parses and validates ingest bodies, off the Netty event loops: with parsing on them, a probe's request
     * waited behind every body on its loop and took seconds under load. One thread per core, as parsing is CPU.
     */
    @Bean(destroyMethod = "dispose") // injected into the ingest controller by this name
    Scheduler ingestParsingScheduler() {
        return Schedulers.newParallel("ingest-parse", Runtime.getRuntime().availableProcessors(), true);
    }

    @Bean(destroyMethod = "dispose")
    Scheduler feedbackScheduler() {
        return Schedulers.newSingle("feedback", true);
    }

    @Bean
    IngestSettings ingestSettings(StoreProperties properties) {
        return properties.ingest().settings();
    }

    @Bean
    Lanes lanes(
            StoreProperties properties,
            ConnectionFactory connections,
            FailureClassifier classifier,
            FileDeadLetterQueue deadLetters,
            FeedbackBus bus,
            MeterRegistry registry,
            ObjectProvider<Journal> journal,
            JsonMapper jsonMapper) {
        Journal wal = journal.getIfAvailable();
        List<Lane<?>> lanes = new ArrayList<>();
        for (DataKind kind : DataKind.values()) {
            lanes.add(lane(
                    kind,
                    kind.items(),
                    connections,
                    properties,
                    classifier,
                    deadLetters,
                    bus,
                    registry,
                    wal,
                    jsonMapper));
        }
        return new Lanes(lanes);
    }

    private static <T> Lane<T> lane(
            DataKind kind,
            DataKind.Items<T> items,
            ConnectionFactory connections,
            StoreProperties properties,
            FailureClassifier classifier,
            FileDeadLetterQueue deadLetters,
            FeedbackBus bus,
            MeterRegistry registry,
            Journal journal,
            JsonMapper jsonMapper) {
        BatchSink<T> sink = items.sink()
                .create(connections, STATEMENT_TIMEOUT, properties.coordinator().writeMethod());
        Class<T> type = items.type();
        CoordinatorConfig config = coordinatorConfig(
                kind.coordinatorId(properties.coordinator().id(), properties.instanceId()), properties);
        CoordinatorMetrics metrics = new CoordinatorMetrics(
                registry,
                config.id(),
                sink.name(),
                new CoordinatorHealth(
                        config.id(),
                        0,
                        config.workers(),
                        0,
                        config.capacity(),
                        BackpressureLevel.OK,
                        CircuitState.CLOSED));
        metrics.watermarks(registry, config.id(), config.highWatermark(), config.lowWatermark());
        FeedbackPublisher feedback = new FeedbackPublisher(config.id(), config.capacity(), bus, Clock.systemUTC());
        // Without a journal (MDS_JOURNAL_ENABLED=false) an acknowledgement lasts only as long as the process.
        AdmissionJournal<T> admissionJournal =
                journal == null ? AdmissionJournal.none() : new JournalKind<>(journal, kind.kind(), type, jsonMapper);
        DeadLetterShelf<T> shelf = deadLetters.shelf(kind.kind(), type, config.id());
        WriteCoordinator<T> coordinator = new WriteCoordinator<>(
                config,
                sink,
                classifier,
                shelf,
                CoordinatorListener.all(new CoordinatorSignals(feedback), metrics),
                System::nanoTime,
                admissionJournal);
        metrics.heldDeadLetters(registry, config.id(), coordinator.heldDeadLetters()::items);
        LaneMetrics sampling = () -> {
            metrics.sample(coordinator::health);
            metrics.sampleMeasurements(coordinator.drainRate(), coordinator.queueDelay());
        };
        return new Lane<>(kind, type, coordinator, shelf, feedback, sampling);
    }

    static CoordinatorConfig coordinatorConfig(String id, StoreProperties properties) {
        StoreProperties.Coordinator c = properties.coordinator();
        StoreProperties.Retry r = properties.retry();
        return CoordinatorConfig.builder(id, c.capacity())
                .workers(c.workers())
                .batching(c.batchSize(), c.flushInterval())
                .watermarks(c.highWatermark(), c.lowWatermark())
                .minLevelDwell(c.levelMinDwell())
                .overflow(c.overflowStrategy(), properties.ingest().enqueueTimeout())
                .retry(new CoordinatorConfig.RetrySettings(
                        r.maxAttempts(),
                        Duration.ofMillis(r.initialBackoffMs()),
                        Duration.ofMillis(r.maxBackoffMs()),
                        r.backoffMultiplier(),
                        r.jitter()))
                .breaker(new CoordinatorConfig.BreakerSettings(
                        properties.circuitBreaker().failureThreshold(),
                        properties.circuitBreaker().halfOpenAfter()))
                .build();
    }

    @Bean
    ResilienceMetrics resilienceMetrics(Lanes lanes) {
        return new ResilienceMetrics(
                lanes.all().stream().<WriteCoordinator<?>>map(Lane::coordinator).toList());
    }

    @Bean
    CoordinatorLifecycle coordinatorLifecycle(Lanes lanes, StoreProperties properties, Scheduler feedbackScheduler) {
        return new CoordinatorLifecycle(lanes, properties, feedbackScheduler);
    }

    @Bean
    CoordinatorHealthIndicator coordinatorHealthIndicator(Lanes lanes) {
        return new CoordinatorHealthIndicator(lanes);
    }

    @Bean
    DeadLetterHealthIndicator deadLetterQueueHealthIndicator(Lanes lanes, FileDeadLetterQueue deadLetters) {
        return new DeadLetterHealthIndicator(
                lanes, deadLetters.directory().toAbsolutePath().toString());
    }

    // Registered whether or not the journal is on, so the readiness group that includes it always resolves.
    @Bean
    JournalHealthIndicator journalHealthIndicator(
            ObjectProvider<Journal> journal, ObjectProvider<JournalMetrics> metrics) {
        return new JournalHealthIndicator(journal.getIfAvailable(), metrics.getIfAvailable());
    }

    /**
     * Posts every feedback event, signed when a secret is set, to each pipeline's {@code /feedback} listed in
     * {@code MDS_FEEDBACK_WEBHOOK_URL}, each through a broadcaster of its own.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "mds.feedback.enable-http-broadcast", havingValue = "true")
    FeedbackWebhooks feedbackWebhooks(
            StoreProperties properties, FeedbackBus bus, JsonMapper jsonMapper, Scheduler feedbackScheduler) {
        WebClient webClient = WebClient.create();
        return FeedbackWebhooks.subscribe(
                bus,
                properties.feedback().webhookUrls(),
                url -> new WebhookBroadcaster(
                        webClient,
                        WebhookSettings.defaults(url),
                        jsonMapper,
                        EventSigner.forSecret(properties.feedback().webhookSecret()),
                        Clock.systemUTC(),
                        feedbackScheduler));
    }
}

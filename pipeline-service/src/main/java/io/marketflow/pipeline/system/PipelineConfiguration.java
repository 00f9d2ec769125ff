package io.marketflow.pipeline.system;

import io.marketflow.contracts.webhook.WebhookVerifier;
import io.marketflow.pipeline.dashboard.DashboardSettings;
import io.marketflow.pipeline.feedback.AimdPolicy;
import io.marketflow.pipeline.feedback.FeedbackHandler;
import io.marketflow.pipeline.feedback.FeedbackReceiver;
import io.marketflow.pipeline.feedback.PacePolicy;
import io.marketflow.pipeline.feedback.ScalePolicy;
import io.marketflow.pipeline.feedback.StepPolicy;
import io.marketflow.pipeline.metrics.PipelineMetrics;
import io.marketflow.pipeline.provider.BarProvider;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import io.marketflow.pipeline.router.BarRouter;
import io.marketflow.pipeline.router.DeadLetterFiles;
import io.marketflow.pipeline.router.DeadLetterReplay;
import io.marketflow.pipeline.router.RouterSettings;
import io.marketflow.pipeline.router.StoreClient;
import io.marketflow.pipeline.router.WebClientStoreClient;
import io.marketflow.pipeline.status.PipelineStatus;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Wires the plain-Java core (rate coordinator, feedback, providers, router) from the settings. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PipelineConfiguration.class);

    /**
     * Registers the feedback provider ({@code MDP_FB_PROVIDER_NAME}, also the default feed provider), every
     * provider with rate settings and every configured feed provider, each with its {@code MDP_RATE_<NAME>_*}
     * limits or the defaults.
     */
    @Bean
    RateCoordinator rateCoordinator(PipelineProperties properties) {
        RateCoordinator coordinator = RateCoordinator.systemDefault();
        Set<String> names = new TreeSet<>();
        names.add(properties.feedback().providerName());
        names.addAll(properties.rate().keySet());
        names.addAll(properties.provider().keySet());
        names.forEach(name -> coordinator.register(name, properties.limitsFor(name)));
        return coordinator;
    }

    @Bean
    FeedbackHandler feedbackHandler(PipelineProperties properties, RateCoordinator rates) {
        PipelineProperties.Feedback feedback = properties.feedback();
        return new FeedbackHandler(
                rates,
                policy(feedback),
                new FeedbackHandler.Settings(
                        feedback.staleAfter(), feedback.staleFallback(), feedback.maxCoordinators()),
                System::nanoTime);
    }

    static ScalePolicy policy(PipelineProperties.Feedback feedback) {
        StepPolicy step = new StepPolicy(
                feedback.step().okScale(),
                feedback.step().softScale(),
                feedback.step().hardScale());
        return switch (feedback.policy()) {
            case PACE ->
                new PacePolicy(
                        new PacePolicy.Settings(
                                Duration.ofMillis(feedback.pace().targetDelayMs()),
                                feedback.pace().probeGain(),
                                Duration.ofMillis(feedback.pace().drainHorizonMs()),
                                feedback.pace().minGain()),
                        step);
            case STEP -> step;
            case AIMD ->
                new AimdPolicy(
                        feedback.aimd().increase(),
                        feedback.aimd().decreaseFactor(),
                        feedback.aimd().minScale(),
                        feedback.aimd().maxStep(),
                        PipelineProperties.seconds(feedback.aimd().minIntervalSec()));
        };
    }

    @Bean
    FeedbackTicker feedbackTicker(PipelineProperties properties, FeedbackHandler handler) {
        // Often enough that a stale level expires at most a quarter of stale-after late, and at the store's
        // 250 ms publishing pace so that the paced rate moves between events as smoothly as on them.
        long millis =
                Math.max(10, Math.min(250, properties.feedback().staleAfter().toMillis() / 4));
        return new FeedbackTicker(
                handler, Duration.ofMillis(millis), properties.feedback().enableFeedback());
    }

    @Bean
    PipelineMetrics pipelineMetrics(MeterRegistry registry, RateCoordinator rates, FeedbackHandler handler) {
        return new PipelineMetrics(registry, rates, handler);
    }

    @Bean
    FeedbackReceiver feedbackReceiver(
            PipelineProperties properties,
            FeedbackHandler handler,
            JsonMapper jsonMapper,
            Validator validator,
            PipelineMetrics metrics) {
        Optional<WebhookVerifier> verifier = Optional.ofNullable(
                        properties.feedback().webhookSecret())
                .map(secret -> new WebhookVerifier(secret, Clock.systemUTC()));
        return new FeedbackReceiver(
                handler, properties.feedback().enableFeedback(), verifier, jsonMapper, validator, metrics);
    }

    @Bean
    PipelineStatus pipelineStatus(PipelineProperties properties, RateCoordinator rates, FeedbackHandler handler) {
        PipelineProperties.Feedback feedback = properties.feedback();
        return new PipelineStatus(
                rates,
                handler,
                new PipelineStatus.FeedbackSettings(
                        feedback.enableFeedback(), feedback.staleAfterSec(), feedback.staleFallback()));
    }

    @Bean
    DashboardSettings dashboardSettings(PipelineProperties properties) {
        return new DashboardSettings(properties.storeUrl());
    }

    @Bean
    DeadLetterFiles deadLetterFiles(PipelineProperties properties, JsonMapper jsonMapper, PipelineMetrics metrics) {
        DeadLetterFiles files = new DeadLetterFiles(properties.dlqDir(), jsonMapper, Clock.systemUTC());
        metrics.watch(files);
        return files;
    }

    @Bean
    DeadLetterReplay deadLetterReplay(DeadLetterFiles files, StoreClient store) {
        return new DeadLetterReplay(files, store);
    }

    @Bean
    StoreClient storeClient(PipelineProperties properties, JsonMapper jsonMapper) {
        WebClient.Builder web = WebClient.builder()
                .baseUrl(properties.storeUrl().toString())
                .codecs(codecs -> {
                    codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(jsonMapper));
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(jsonMapper));
                });
        if (properties.storeApiKey() != null && !properties.storeApiKey().isBlank()) {
            web.defaultHeader(
                    HttpHeaders.AUTHORIZATION,
                    "Bearer " + properties.storeApiKey().strip());
        }
        return new WebClientStoreClient(
                web.build(), PipelineProperties.seconds(properties.router().requestTimeoutSec()), Clock.systemUTC());
    }

    @Bean
    BarRouter barRouter(
            PipelineProperties properties,
            RateCoordinator rates,
            StoreClient store,
            PipelineMetrics metrics,
            DeadLetterFiles deadLetters) {
        PipelineProperties.Router router = properties.router();
        RouterSettings settings = new RouterSettings(
                router.batchSize(),
                Duration.ofMillis(router.lingerMs()),
                Duration.ofMillis(router.retryInitialMs()),
                Duration.ofMillis(router.retryMaxMs()));
        return new BarRouter(rates, store, settings, Schedulers.parallel(), metrics, deadLetters);
    }

    @Bean
    FeedLifecycle feedLifecycle(PipelineProperties properties, BarRouter router, Validator validator) {
        List<BarProvider> providers =
                properties.feed().enabled() ? FeedProviders.create(properties, validator) : List.of();
        return new FeedLifecycle(
                router,
                providers,
                PipelineProperties.seconds(properties.router().shutdownTimeoutSec()));
    }

    /** One line with the settings that matter, never the secrets. */
    @Bean
    ApplicationRunner logSettings(PipelineProperties properties, RateCoordinator rates) {
        return args -> log.info(SettingsSummary.describe(properties, rates.providers()));
    }
}

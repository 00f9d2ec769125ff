package io.marketflow.pipeline.dashboard;

import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.ratelimit.ProviderSnapshot;
import io.marketflow.pipeline.system.MetricNames;
import io.marketflow.pipeline.system.PipelineProperties;
import io.marketflow.pipeline.system.PipelineStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Wires the dashboard to the pipeline's state and to the store's health endpoint. */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    /**
     * A store under load may answer its health slowly; that must not read as unreachable. While a poll waits,
     * the once-a-second ticks it overlaps are skipped.
     */
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(3);

    @Bean
    DashboardFeed dashboardFeed(
            PipelineProperties properties, PipelineStatus status, MeterRegistry registry, JsonMapper json) {
        URI storeUrl = properties.storeUrl();
        // The health endpoint needs no API key, so none is sent.
        StoreHealthSource store = new WebClientStoreHealth(
                WebClient.builder().baseUrl(storeUrl.toString()).build(), STORE_TIMEOUT, json);
        return new DashboardFeed(
                withoutUserInfo(storeUrl),
                store,
                new StatusView(status, registry),
                Clock.systemUTC(),
                Schedulers.parallel(),
                DashboardFeed.PERIOD);
    }

    /** The page shows the store's address; credentials in it must not reach the browser. */
    static String withoutUserInfo(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private record StatusView(PipelineStatus status, MeterRegistry registry) implements PipelineView {

        @Override
        public List<ProviderSnapshot> providers() {
            return status.providers();
        }

        @Override
        public FeedbackSnapshot feedback() {
            return status.feedback();
        }

        @Override
        public long barsSent(String provider) {
            Counter sent = registry.find(MetricNames.BARS_SENT)
                    .tag(MetricNames.TAG_PROVIDER, provider)
                    .counter();
            return sent == null ? 0 : (long) sent.count();
        }

        @Override
        public long deadLettered(String provider) {
            Counter parked = registry.find(MetricNames.DEAD_LETTERS)
                    .tag(MetricNames.TAG_PROVIDER, provider)
                    .counter();
            return parked == null ? 0 : (long) parked.count();
        }
    }
}

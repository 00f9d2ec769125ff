package io.marketflow.pipeline.dashboard;

import io.marketflow.pipeline.feedback.FeedbackSnapshot;
import io.marketflow.pipeline.metrics.PipelineMetrics;
import io.marketflow.pipeline.ratelimit.ProviderSnapshot;
import io.marketflow.pipeline.status.PipelineStatus;
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
            DashboardSettings settings, PipelineStatus status, PipelineMetrics metrics, JsonMapper json) {
        URI storeUrl = settings.storeUrl();
        // The health endpoint needs no API key, so none is sent.
        StoreHealthSource store = new WebClientStoreHealth(
                WebClient.builder().baseUrl(storeUrl.toString()).build(), STORE_TIMEOUT, json);
        return new DashboardFeed(
                withoutUserInfo(storeUrl),
                store,
                new StatusView(status, metrics),
                Clock.systemUTC(),
                Schedulers.parallel(),
                DashboardFeed.PERIOD);
    }

    /** The page shows the store's address; credentials in it must not reach the browser. */
    static String withoutUserInfo(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private record StatusView(PipelineStatus status, PipelineMetrics metrics) implements PipelineView {

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
            return metrics.sentCount(provider);
        }

        @Override
        public long deadLettered(String provider) {
            return metrics.deadLetteredCount(provider);
        }
    }
}

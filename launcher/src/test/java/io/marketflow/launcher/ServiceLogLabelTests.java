package io.marketflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ServiceLogLabelTests {

    private final LoggerContext context = new LoggerContext();
    private final ServiceLogLabel label = new ServiceLogLabel();

    private String labelOf(String logger) {
        return label.convert(
                new LoggingEvent(getClass().getName(), context.getLogger(logger), Level.INFO, "message", null, null));
    }

    @Test
    void labelsEachServicesOwnLoggersAsItsOwn() {
        assertThat(labelOf("io.marketflow.pipeline.router.BarRouter")).isEqualTo("[pipeline-service] ");
        assertThat(labelOf("io.marketflow.store.coordinator.WriteCoordinator")).isEqualTo("[store-service] ");
    }

    @Test
    void labelsOtherLoggersByTheServiceTheThreadIsStartingOrStopping() {
        String netty = "org.springframework.boot.reactor.netty.NettyWebServer";

        assertThat(ServiceLogLabel.call(ServiceLogLabel.PIPELINE, () -> labelOf(netty)))
                .isEqualTo("[pipeline-service] ");
        assertThat(ServiceLogLabel.call(ServiceLogLabel.STORE, () -> labelOf(netty)))
                .isEqualTo("[store-service] ");
        assertThat(ServiceLogLabel.call(
                        ServiceLogLabel.STORE, () -> labelOf("io.marketflow.pipeline.system.FeedLifecycle")))
                .as("the logger's package wins over the thread")
                .isEqualTo("[pipeline-service] ");
    }

    @Test
    void leavesLinesOfUnknownOriginUnlabelledRatherThanMislabelled() throws Exception {
        assertThat(labelOf("reactor.netty.http.server.HttpServer")).isEmpty();
        String onAnotherThread = ServiceLogLabel.call(
                ServiceLogLabel.STORE,
                () -> CompletableFuture.supplyAsync(() -> labelOf("org.springframework.web.Foo"))
                        .join());
        assertThat(onAnotherThread).isEmpty();
    }
}

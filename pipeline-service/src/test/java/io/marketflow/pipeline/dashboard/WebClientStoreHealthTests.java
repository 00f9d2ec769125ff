package io.marketflow.pipeline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/** Reading the store's coordinator health over HTTP, and every way the store can fail to give it. */
class WebClientStoreHealthTests {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final StandInStore store = new StandInStore();

    @AfterEach
    void close() {
        store.close();
    }

    private static StoreHealth fetch(String url) {
        return new WebClientStoreHealth(
                        WebClient.create(url), TIMEOUT, JsonMapper.builder().build())
                .fetch()
                .block(Duration.ofSeconds(10));
    }

    @Test
    void readsEveryCoordinatorEvenWhenTheStoreReportsItselfDown() {
        StoreHealth health = fetch(store.url());

        assertThat(health.reachable()).isTrue();
        assertThat(health.status()).isEqualTo("DOWN");
        assertThat(health.error()).isNull();
        assertThat(health.coordinators())
                .containsExactly(
                        new StoreHealth.Coordinator("bars-coord", 3, 4, 8234, 10000, "hard", "open", 8000, 5000),
                        new StoreHealth.Coordinator("news-coord", 2, 2, 0, 1000, "ok", "closed", 800, 500));
    }

    @Test
    void leavesOutNumbersTheStoreDidNotReport() {
        store.answer(200, """
                {"status":"UP","components":{"coordinator":{"status":"UP","details":{
                  "bars-coord":{"queue_size":"many","level":"ok"}}}}}""");

        assertThat(fetch(store.url()).coordinators())
                .containsExactly(
                        new StoreHealth.Coordinator("bars-coord", null, null, null, null, "ok", null, null, null));
    }

    @Test
    void reportsAnAnswerThatIsNotAHealthReport() {
        store.answer(404, "<html>not here</html>");

        StoreHealth health = fetch(store.url());

        assertThat(health.reachable()).isTrue();
        assertThat(health.coordinators()).isEmpty();
        assertThat(health.error()).isEqualTo("HTTP 404: not a health report");
    }

    @Test
    void reportsAHealthReportWithoutCoordinators() {
        store.answer(200, "{\"status\":\"UP\"}");

        StoreHealth health = fetch(store.url());

        assertThat(health.status()).isEqualTo("UP");
        assertThat(health.error()).contains("no coordinator details");
    }

    @Test
    void storeThatDoesNotAnswerInTimeIsUnreachable() {
        store.hang();

        StoreHealth health = fetch(store.url());

        assertThat(health.reachable()).isFalse();
        assertThat(health.error()).isEqualTo("no answer within 500 ms");
    }

    @Test
    void storeThatRefusesConnectionsIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        StoreHealth health = fetch("http://127.0.0.1:" + closedPort);

        assertThat(health.reachable()).isFalse();
        assertThat(health.error()).isNotBlank();
        assertThat(health.coordinators()).isEmpty();
    }
}

package io.marketflow.pipeline.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Polls {@code GET /actuator/health} of the store and reads its {@code coordinator} component. */
final class WebClientStoreHealth implements StoreHealthSource {

    private final WebClient web;
    private final Duration timeout;
    private final JsonMapper json;

    /** @param web a client whose base URL is the store's */
    WebClientStoreHealth(WebClient web, Duration timeout, JsonMapper json) {
        this.web = Objects.requireNonNull(web, "web");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public Mono<StoreHealth> fetch() {
        return web.get()
                .uri("/actuator/health")
                .accept(MediaType.APPLICATION_JSON, MediaType.ALL)
                // A store that lost a worker answers 503 with the same report: that is exactly worth showing.
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .map(body -> parse(response.statusCode().value(), body)))
                .timeout(timeout)
                .onErrorResume(e -> Mono.just(StoreHealth.unreachable(describe(e))));
    }

    StoreHealth parse(int httpStatus, String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return new StoreHealth(true, null, "HTTP " + httpStatus + ": not a health report", List.of());
        }
        if (root == null || !root.isObject()) {
            return new StoreHealth(true, null, "HTTP " + httpStatus + ": not a health report", List.of());
        }
        String status = root.path("status").asString(null);
        JsonNode details = root.path("components").path("coordinator").path("details");
        if (!details.isObject()) {
            return new StoreHealth(true, status, "no coordinator details in the store's health", List.of());
        }
        List<StoreHealth.Coordinator> coordinators = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : details.properties()) {
            JsonNode d = entry.getValue();
            coordinators.add(new StoreHealth.Coordinator(
                    entry.getKey(),
                    number(d, "workers_alive"),
                    number(d, "workers"),
                    number(d, "queue_size"),
                    number(d, "capacity"),
                    d.path("level").asString(null),
                    d.path("circuit_state").asString(null),
                    number(d, "high_watermark"),
                    number(d, "low_watermark")));
        }
        coordinators.sort(Comparator.comparing(StoreHealth.Coordinator::id));
        return new StoreHealth(true, status, null, coordinators);
    }

    private static Integer number(JsonNode details, String field) {
        JsonNode value = details.path(field);
        return value.isNumber() ? value.intValue() : null;
    }

    private String describe(Throwable e) {
        if (e instanceof TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}

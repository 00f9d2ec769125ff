package io.marketflow.pipeline.router;

import io.marketflow.contracts.Bar;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts batches as a JSON array to {@code /ingest?ack=queued} of the store. The WebClient must have the
 * store's base URL (and, when the store requires one, its bearer token) set.
 */
public final class WebClientStoreClient implements StoreClient {

    private static final int MAX_DETAIL = 500;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebClient webClient;
    private final Duration timeout;
    private final Clock clock;

    /** @param timeout how long a request may take before it counts as failed and is re-sent */
    public WebClientStoreClient(WebClient webClient, Duration timeout, Clock clock) {
        this.webClient = Objects.requireNonNull(webClient, "webClient");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<SendResult> send(List<Bar> batch) {
        return webClient
                .post()
                .uri(uri -> uri.path("/ingest").queryParam("ack", "queued").build())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(batch)
                .exchangeToMono(this::classify)
                .timeout(timeout)
                .onErrorResume(e -> Mono.just(new SendResult.Failed(describe(e))));
    }

    private Mono<SendResult> classify(ClientResponse response) {
        HttpStatusCode status = response.statusCode();
        int code = status.value();
        if (status.is2xxSuccessful()) {
            return response.releaseBody().thenReturn(new SendResult.Accepted());
        }
        if (code == 429 || code == 503) {
            Optional<Duration> retryAfter = retryAfter(response.headers().asHttpHeaders());
            return response.releaseBody().thenReturn(new SendResult.Throttled(code, retryAfter));
        }
        if (code == 413) {
            return response.releaseBody().thenReturn(new SendResult.TooLarge());
        }
        return response.bodyToMono(String.class).defaultIfEmpty("").map(body -> {
            String detail = code + " " + (body.length() > MAX_DETAIL ? body.substring(0, MAX_DETAIL) + "..." : body);
            // 401/403/408 are about the setup or the moment, not the bars: worth re-sending, unlike other 4xx.
            boolean retryable = status.is5xxServerError() || code == 401 || code == 403 || code == 408;
            return retryable ? new SendResult.Failed(detail) : new SendResult.Rejected(code, detail, refused(body));
        });
    }

    /** The {@code errors[].index} of the store's problem: the bars it found invalid. Empty when there are none. */
    static Set<Integer> refused(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem == null) {
                return Set.of();
            }
            Set<Integer> indexes = new TreeSet<>();
            for (JsonNode error : problem.path("errors")) {
                JsonNode index = error.get("index");
                if (index != null && index.canConvertToInt() && index.isIntegralNumber()) {
                    indexes.add(index.intValue());
                }
            }
            return indexes;
        } catch (JacksonException | IllegalArgumentException notAProblem) {
            return Set.of();
        }
    }

    /** Retry-After as delay-seconds or an HTTP date; empty when absent or unreadable. */
    Optional<Duration> retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

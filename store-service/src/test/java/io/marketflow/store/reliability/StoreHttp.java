package io.marketflow.store.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for tests that send what a well-behaved client would not: any method, any content type or
 * none at all, any bytes. Answers are read whole, whatever their status.
 */
final class StoreHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Map<String, String> headers;

    StoreHttp(String baseUrl) {
        this(baseUrl, Map.of());
    }

    private StoreHttp(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.headers = headers;
    }

    /** The same client, sending {@code name: value} with every request. */
    StoreHttp withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new StoreHttp(baseUrl, more);
    }

    /** The bars coordinator's queue size, as {@code /actuator/health} reports it. */
    long barsQueueSize() {
        return get("/actuator/health")
                .json()
                .at("/components/coordinator/details/bars-coord/queue_size")
                .asLong();
    }

    Reply get(String path) {
        return send("GET", path, null, HttpRequest.BodyPublishers.noBody());
    }

    Reply post(String path, String contentType, String body) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    Reply post(String path, String contentType, byte[] body) {
        return send("POST", path, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** Sends {@code body} with {@code method}; a {@code null} content type sends no Content-Type header. */
    Reply send(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, HttpHeaders headers, String body) {

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        boolean isProblem() {
            return contentType().startsWith("application/problem+json");
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
        }
    }
}

package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.StoreTables;
import io.marketflow.testkit.StoreProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store as shipped (its own JVM started with {@code store-service/jvm.options}, whose heap is capped) under
 * many large request bodies at once. Each body is allowed ({@code MDS_INGEST_MAX_BYTES}), but together they are
 * more than the heap holds: the store refuses what does not fit in its budget of body bytes with 503 and stays up,
 * where it used to run out of heap and exit.
 */
class RequestMemoryIntegrationTests {

    static final int BODIES = 8;
    static final long BODY_BYTES = 30L << 20;
    static final String BAR =
            "{\"symbol\":\"MEM\",\"timeframe\":\"1m\",\"ts\":\"2026-01-02T10:00:00Z\",\"open\":1,\"high\":2,\"low\":0.5,"
                    + "\"close\":1.5,\"volume\":100}";

    @TempDir
    Path dir;

    @Test
    void largeBodiesBeyondTheBudgetAre503AndTheStoreStaysUp() throws Exception {
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase("request_memory"));
        settings.put("MDS_DLQ_DIR", dir.resolve("dlq").toString());
        settings.put("MDS_JOURNAL_DIR", dir.resolve("journal").toString());
        StoreTables tables = new StoreTables(settings);

        try (StoreProcess store = StoreJvm.startAsShipped(settings, dir.resolve("store.log"))) {
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < BODIES; i++) {
                // Whitespace, then one bar: valid JSON that only its size makes costly. Half declare their
                // length, half are chunked (counted as they arrive).
                HttpRequest request = HttpRequest.newBuilder(URI.create(store.url() + "/ingest?ack=queued"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(120))
                        .POST(GeneratedBody.publisher("[", " ", BAR + "]", BODY_BYTES, i % 2 == 0))
                        .build();
                answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(180, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                if (response.statusCode() != 202) {
                    assertThat(response.statusCode()).as("%s", response.body()).isEqualTo(503);
                    assertThat(response.body()).contains("urn:marketflow:problem:busy");
                    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                }
            }

            assertThat(store.isAlive())
                    .as("store process alive; its log:%n%s", store.log())
                    .isTrue();
            assertThat(store.log()).doesNotContain("OutOfMemoryError");
            StoreHttp http = new StoreHttp(store.url());
            assertThat(http.post("/ingest?ack=committed", "application/json", "[" + BAR + "]")
                            .status())
                    .isEqualTo(200);
            assertThat(tables.count("bars")).isEqualTo(1);
            System.out.printf(
                    "RELIABILITY request memory: %d bodies of %d MB at once, statuses %s%n",
                    BODIES, BODY_BYTES >> 20, statuses);
        }
    }
}

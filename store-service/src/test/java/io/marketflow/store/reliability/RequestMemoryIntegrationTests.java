package io.marketflow.store.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.devdb.SharedTestDatabase;
import io.marketflow.store.StoreTables;
import io.marketflow.store.reliability.StoreHttp.Reply;
import io.marketflow.testkit.StoreProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store as shipped (its own JVM started with {@code store-service/jvm.options}, whose heap is capped) under
 * many large request bodies at once. Each body is allowed ({@code MDS_INGEST_MAX_BYTES}), but together they are
 * more than the heap holds, and so are large items piling up in a queue while the database stalls: the store
 * refuses what does not fit in its budget of body bytes with 503 and stays up, where it used to run out of heap
 * and exit.
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
        Map<String, String> settings = settings("request_memory");
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
            // The accepted bodies count until their bar is written (a flush interval): then a request fits again.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.post("/ingest?ack=committed", "application/json", "[" + BAR + "]")
                                    .status()
                            == 200);
            assertThat(tables.count("bars")).isEqualTo(1);
            String metrics = http.get("/actuator/prometheus").body();
            long refused = statuses.stream().filter(status -> status == 503).count();
            assertThat(metric(metrics, "mds_ingest_busy_refusals_total")).isGreaterThanOrEqualTo(refused);
            assertThat(metric(metrics, "mds_ingest_body_bytes_limit")).isPositive();
            System.out.printf(
                    "RELIABILITY request memory: %d bodies of %d MB at once, statuses %s%n",
                    BODIES, BODY_BYTES >> 20, statuses);
        }
    }

    @Test
    void queuedItemsCountUntilWrittenSoAQueueOfLargeNewsDoesNotExhaustTheHeap() throws Exception {
        Map<String, String> settings = settings("queue_memory");
        StoreTables tables = new StoreTables(settings);

        try (StoreProcess store = StoreJvm.startAsShipped(settings, dir.resolve("store.log"));
                Connection lock = tables.connect()) {
            StoreHttp http = new StoreHttp(store.url());
            // Writes of news stall behind the lock, so what is accepted stays in the queue: 30 requests of 500
            // items of ~19 KB (each within every limit) would be ~280 MB of items there, more than the heap.
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE news IN ACCESS EXCLUSIVE MODE");
            int accepted = 0;
            List<Integer> statuses = new ArrayList<>();
            for (int request = 0; request < 30; request++) {
                Reply reply = http.post("/ingest/news?ack=queued", "application/x-ndjson", largeNews(request, 500));
                statuses.add(reply.status());
                if (reply.status() == 202) {
                    accepted += 500;
                } else {
                    assertThat(reply.status()).as("%s", reply).isEqualTo(503);
                    assertThat(reply.json().path("type").asString()).isEqualTo("urn:marketflow:problem:busy");
                }
            }
            assertThat(store.isAlive())
                    .as("store process alive; its log:%n%s", store.log())
                    .isTrue();
            assertThat(statuses).as("refused once the queue held the budget").contains(503);

            lock.rollback();
            int written = accepted;
            await().atMost(Duration.ofSeconds(60)).until(() -> tables.count("news") == written);
            // Written, the items no longer count: a large request fits again.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.post("/ingest/news?ack=committed", "application/x-ndjson", largeNews(99, 500))
                                    .status()
                            == 200);
            assertThat(tables.count("news")).isEqualTo(written + 500);
            assertThat(store.log()).doesNotContain("OutOfMemoryError");
            System.out.printf(
                    "RELIABILITY queue memory: 30 requests of 500 news items of ~19 KB, statuses %s%n", statuses);
        }
    }

    /** The value of an untagged meter in a Prometheus scrape. */
    private static double metric(String scrape, String name) {
        Matcher value = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(scrape);
        assertThat(value.find()).as("%s in the scrape", name).isTrue();
        return Double.parseDouble(value.group(1));
    }

    private Map<String, String> settings(String database) {
        Map<String, String> settings = new HashMap<>(SharedTestDatabase.newDatabase(database));
        settings.put("MDS_DLQ_DIR", dir.resolve("dlq").toString());
        settings.put("MDS_JOURNAL_DIR", dir.resolve("journal").toString());
        return settings;
    }

    /** {@code count} news items, each with a summary as long as allowed (16,384 characters). */
    private static String largeNews(int request, int count) {
        String summary = "x".repeat(16_384);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < count; i++) {
            body.append("{\"id\":\"n-")
                    .append(request)
                    .append('-')
                    .append(i)
                    .append("\",\"ts\":\"2026-01-02T10:00:00Z\",\"symbols\":[\"AAPL\"],\"headline\":\"")
                    .append("h".repeat(1_024))
                    .append("\",\"source\":\"wire\",\"url\":\"https://example.com/")
                    .append("u".repeat(1_024))
                    .append("\",\"summary\":\"")
                    .append(summary)
                    .append("\"}\n");
        }
        return body.toString();
    }
}

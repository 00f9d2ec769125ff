package io.marketflow.store.reliability;

import io.marketflow.devdb.EmbeddedDatabase;
import io.marketflow.store.InProcessStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * How long the health probes take while the store is saturated: wrk holds {@code connections} connections
 * posting 1,000-bar JSON requests ({@code ack=queued}) while this class asks liveness, readiness and the full
 * health endpoint in turn, ten times a second each, and prints their latency percentiles as a markdown table.
 * Not a test: run it with {@code bench/probes/run.sh} (needs {@code wrk} on the path).
 */
public final class ProbeLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Path dir = Files.createTempDirectory("probe-bench");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(0, dir.resolve("pg"), true)) {
            Map<String, String> settings = new HashMap<>(db.connectionProperties(db.createDatabase("probes")));
            settings.put("MDS_DLQ_DIR", dir.resolve("dlq").toString());
            settings.put("logging.level.root", "WARN");
            try (InProcessStore store = InProcessStore.start(settings)) {
                Path script = dir.resolve("post.lua");
                Files.writeString(script, wrkScript(1000));
                Process wrk = new ProcessBuilder(
                                "wrk",
                                "-t2",
                                "-c" + connections,
                                "-d" + seconds + "s",
                                "--timeout",
                                "30s",
                                "-s",
                                script.toString(),
                                store.url() + "/ingest?ack=queued")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("wrk.txt").toFile())
                        .start();
                Map<String, List<Long>> micros = probe(store.url(), Duration.ofSeconds(seconds - 8));
                wrk.waitFor();
                print(connections, micros, Files.readString(dir.resolve("wrk.txt")));
            }
        }
    }

    private static Map<String, List<Long>> probe(String url, Duration during) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, List<Long>> micros = new TreeMap<>();
        Thread.sleep(5_000); // let wrk fill the queue first
        Instant end = Instant.now().plus(during);
        while (Instant.now().isBefore(end)) {
            for (String path : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health")) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                        .timeout(Duration.ofSeconds(10))
                        .build();
                long start = System.nanoTime();
                String outcome;
                try {
                    outcome = Integer.toString(client.send(request, HttpResponse.BodyHandlers.discarding())
                            .statusCode());
                } catch (HttpTimeoutException e) {
                    outcome = "timed out (10 s)";
                }
                long took = (System.nanoTime() - start) / 1000;
                micros.computeIfAbsent(path + " " + outcome, k -> new ArrayList<>())
                        .add(took);
                Thread.sleep(33);
            }
        }
        return micros;
    }

    private static void print(int connections, Map<String, List<Long>> micros, String wrkOutput) {
        System.out.printf(
                Locale.ROOT,
                "cores=%d java=%s connections=%d%n%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                connections);
        System.out.println("| endpoint and status | samples | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        micros.forEach((key, values) -> {
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %.1f | %.1f |%n",
                    key,
                    sorted.size(),
                    at(sorted, 0.50) / 1000.0,
                    at(sorted, 0.99) / 1000.0,
                    sorted.get(sorted.size() - 1) / 1000.0);
        });
        System.out.println();
        System.out.println("wrk:");
        System.out.println(wrkOutput);
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private static String wrkScript(int bars) {
        Instant start = Instant.parse("2025-10-15T14:30:00Z");
        String body = IntStream.range(0, bars)
                .mapToObj(i -> "{\"symbol\":\"PROBE\",\"timeframe\":\"1m\",\"ts\":\"" + start.plusSeconds(60L * i)
                        + "\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":10}")
                .collect(Collectors.joining(",", "[", "]"));
        return "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '" + body
                + "'\n";
    }
}

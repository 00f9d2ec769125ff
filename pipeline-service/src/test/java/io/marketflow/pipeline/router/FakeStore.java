package io.marketflow.pipeline.router;

import io.marketflow.contracts.Bar;
import io.marketflow.pipeline.LoopbackServers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the store's {@code POST /ingest} on a random port. Each request gets the next scripted
 * {@link Reply} (202 once the script is used up); the bars of every accepted request are recorded, with how
 * often each key was accepted.
 */
final class FakeStore implements AutoCloseable {

    /** What to answer; {@code hold} delays the answer until it completes; {@code body} of an error, or null. */
    record Reply(int status, Map<String, String> headers, Mono<Void> hold, String body) {
        static Reply status(int status) {
            return new Reply(status, Map.of(), Mono.empty(), null);
        }

        static Reply throttled(int status, String retryAfter) {
            return new Reply(status, Map.of("Retry-After", retryAfter), Mono.empty(), null);
        }

        static Reply held(Mono<Void> until) {
            return new Reply(202, Map.of(), until, null);
        }

        /** A 400 problem naming the items at {@code indexes} as invalid, as the store's ingest does. */
        static Reply invalidItems(int... indexes) {
            StringBuilder errors = new StringBuilder();
            for (int index : indexes) {
                errors.append(errors.isEmpty() ? "" : ",")
                        .append("{\"index\":")
                        .append(index)
                        .append(",\"field\":\"ts\",\"message\":\"must not be more than 86400 s ahead\"}");
            }
            String body = "{\"type\":\"urn:marketflow:problem:invalid-items\",\"title\":\"Invalid items\","
                    + "\"status\":400,\"errors\":[" + errors + "]}";
            return new Reply(400, Map.of("Content-Type", "application/problem+json"), Mono.empty(), body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<IntFunction<Reply>> script = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Long> requestNanos = new CopyOnWriteArrayList<>();
    private final List<Long> replyNanos = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final List<Bar> accepted = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> acceptedPerKey = new ConcurrentHashMap<>();
    private final DisposableServer server;

    FakeStore() {
        server = LoopbackServers.bind(routes -> routes.post("/ingest", (request, response) -> {
            requestNanos.add(System.nanoTime());
            queries.add(request.uri());
            int n = requests.getAndIncrement();
            Reply reply =
                    script.isEmpty() ? Reply.status(202) : script.remove(0).apply(n);
            return request.receive()
                    .aggregate()
                    .asByteArray()
                    .flatMap(body -> reply.hold().then(Mono.fromRunnable(() -> record(reply, body))))
                    .then(Mono.defer(() -> answer(response, reply)));
        }));
    }

    FakeStore then(Reply reply) {
        script.add(n -> reply);
        return this;
    }

    String url() {
        return LoopbackServers.url(server);
    }

    int port() {
        return server.port();
    }

    int requests() {
        return requests.get();
    }

    List<Long> requestNanos() {
        return requestNanos;
    }

    List<Long> replyNanos() {
        return replyNanos;
    }

    List<String> queries() {
        return queries;
    }

    List<Bar> accepted() {
        return accepted;
    }

    Map<String, AtomicInteger> acceptedPerKey() {
        return acceptedPerKey;
    }

    private void record(Reply reply, byte[] body) {
        if (reply.status() / 100 != 2) {
            return;
        }
        List<Bar> bars = JSON.readValue(body, new TypeReference<List<Bar>>() {});
        accepted.addAll(bars);
        bars.forEach(bar -> acceptedPerKey
                .computeIfAbsent(bar.symbol() + "|" + bar.timeframe() + "|" + bar.ts(), k -> new AtomicInteger())
                .incrementAndGet());
    }

    private Mono<Void> answer(HttpServerResponse response, Reply reply) {
        replyNanos.add(System.nanoTime());
        reply.headers().forEach(response::header);
        response.status(reply.status());
        if (reply.status() / 100 == 2) {
            return response.header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"accepted\":1}"))
                    .then();
        }
        return reply.body() == null
                ? response.send()
                : response.sendString(Mono.just(reply.body())).then();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}

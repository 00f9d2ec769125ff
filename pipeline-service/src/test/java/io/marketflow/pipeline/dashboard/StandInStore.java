package io.marketflow.pipeline.dashboard;

import io.marketflow.pipeline.LoopbackServers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** A stand-in for the store's {@code GET /actuator/health} on a random port, answering what it is told. */
final class StandInStore implements AutoCloseable {

    /** What to answer; a {@code delay} longer than the client's timeout makes the store look hung. */
    record Reply(int status, String body, Duration delay) {}

    static final String HEALTH = """
            {"status":"DOWN","components":{
              "coordinator":{"status":"DOWN","details":{
                "news-coord":{"workers_alive":2,"workers":2,"queue_size":0,"capacity":1000,"level":"ok",
                  "circuit_state":"closed","high_watermark":800,"low_watermark":500},
                "bars-coord":{"workers_alive":3,"workers":4,"queue_size":8234,"capacity":10000,"level":"hard",
                  "circuit_state":"open","high_watermark":8000,"low_watermark":5000}}},
              "ping":{"status":"UP"}}}""";

    private final AtomicReference<Reply> reply = new AtomicReference<>(new Reply(503, HEALTH, Duration.ZERO));
    private final AtomicInteger requests = new AtomicInteger();
    private final DisposableServer server;

    StandInStore() {
        server = LoopbackServers.bind(routes -> routes.get("/actuator/health", (request, response) -> {
            requests.incrementAndGet();
            Reply r = reply.get();
            return Mono.delay(r.delay())
                    .then(response.status(r.status())
                            .header("Content-Type", "application/vnd.spring-boot.actuator.v3+json")
                            .sendString(Mono.just(r.body()))
                            .then());
        }));
    }

    StandInStore answer(int status, String body) {
        reply.set(new Reply(status, body, Duration.ZERO));
        return this;
    }

    StandInStore hang() {
        reply.set(new Reply(200, HEALTH, Duration.ofMinutes(5)));
        return this;
    }

    int requests() {
        return requests.get();
    }

    String url() {
        return LoopbackServers.url(server);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}

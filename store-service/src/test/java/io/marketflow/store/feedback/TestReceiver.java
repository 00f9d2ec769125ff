package io.marketflow.store.feedback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A real HTTP webhook receiver on a local port, recording what it is sent and answering as told. */
final class TestReceiver implements AutoCloseable {

    record Request(String body, Map<String, List<String>> headers) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    record Reply(int status, Duration delay) {}

    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Reply> scripted = new ConcurrentLinkedQueue<>();
    private volatile Reply usual = new Reply(204, Duration.ZERO);
    private volatile DisposableServer server;

    /** A receiver for a free port, not listening yet. */
    TestReceiver() {
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TestReceiver started() {
        TestReceiver receiver = new TestReceiver();
        receiver.start();
        return receiver;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/feedback");
    }

    /** Answers the next requests with these replies, in order, then as usual. */
    TestReceiver thenReply(Reply... replies) {
        scripted.addAll(List.of(replies));
        return this;
    }

    TestReceiver usually(Reply reply) {
        this.usual = reply;
        return this;
    }

    void start() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes.post(
                        "/feedback",
                        (request, response) -> request.receive()
                                .aggregate()
                                .asString(StandardCharsets.UTF_8)
                                .defaultIfEmpty("")
                                .flatMap(body -> {
                                    Map<String, List<String>> headers = new TreeMap<>();
                                    request.requestHeaders()
                                            .forEach(header -> headers.computeIfAbsent(
                                                            header.getKey().toLowerCase(Locale.ROOT),
                                                            k -> new ArrayList<>())
                                                    .add(header.getValue()));
                                    requests.add(new Request(body, headers));
                                    Reply reply = scripted.poll();
                                    Reply answer = reply != null ? reply : usual;
                                    return Mono.delay(answer.delay())
                                            .then(response.status(answer.status())
                                                    .send()
                                                    .then());
                                })))
                .bindNow();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        DisposableServer running = server;
        if (running != null) {
            running.disposeNow(Duration.ofSeconds(5));
        }
    }
}

package io.marketflow.pipeline;

import java.util.function.Consumer;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/** The tests' stand-ins for the store: HTTP servers on the loopback address, each on a free port. */
public final class LoopbackServers {

    private LoopbackServers() {}

    /** A server answering with {@code routes}, listening once this returns; the caller disposes of it. */
    public static DisposableServer bind(Consumer<? super HttpServerRoutes> routes) {
        return HttpServer.create().host("127.0.0.1").port(0).route(routes).bindNow();
    }

    /** The server's base URL, as the pipeline's settings take it. */
    public static String url(DisposableServer server) {
        return "http://127.0.0.1:" + server.port();
    }
}

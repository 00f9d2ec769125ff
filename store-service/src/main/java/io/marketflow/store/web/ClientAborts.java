package io.marketflow.store.web;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.channel.AbortedException;

/**
 * A client that hangs up before its request is answered (a producer restarted or timed out mid-upload): its
 * doing, not a server error. Counted in {@code mds_ingest_client_aborts_total} and logged at debug level; no
 * answer is attempted on the closed connection, and the exchange is marked 499 (the de-facto "client closed
 * request" status) so request metrics do not record it as a server error or an unknown status.
 */
public final class ClientAborts {

    /** Not a standard status; nginx's name for a request the client gave up on. */
    public static final HttpStatusCode CLIENT_CLOSED_REQUEST = HttpStatusCode.valueOf(499);

    private static final Logger log = LoggerFactory.getLogger(ClientAborts.class);
    private static final String COUNTED = ClientAborts.class.getName() + ".counted";

    private final Counter counter;

    /** Counts aborts in {@code counter} ({@code mds_ingest_client_aborts_total}, registered by the wiring). */
    public ClientAborts(Counter counter) {
        this.counter = counter;
    }

    private ClientAborts() {
        this.counter = null;
    }

    /** Recognises aborts but counts them nowhere (tests that wire controllers by hand). */
    public static ClientAborts uncounted() {
        return new ClientAborts();
    }

    /** Whether {@code error} (or a cause of it) says the client closed or reset the connection. */
    public static boolean isClientAbort(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof AbortedException || AbortedException.isConnectionReset(e)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Logs, at debug level on the caller's {@code log}, an abort that reached an error handler: nobody is left to
     * answer, and an attempt would fail on the committed or closed response.
     */
    static void logHangUp(Logger log, ServerWebExchange exchange, Throwable error) {
        log.debug(
                "{} {}: client hung up: {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                error.toString());
    }

    /**
     * {@code response}, with a client hang-up counted and answered by nobody: the body's stream failing with an
     * abort, or the exchange cancelled because the connection closed.
     */
    public <T> Mono<T> watch(ServerWebExchange exchange, Mono<T> response) {
        Channel channel = channel(exchange);
        return response.onErrorResume(ClientAborts::isClientAbort, error -> aborted(exchange, error))
                .doOnCancel(() -> {
                    // Spring also cancels a Mono once it has its value; only a closed connection is an abort.
                    if (channel != null && !channel.isActive()) {
                        cancelled(exchange);
                    }
                });
    }

    private static Channel channel(ServerWebExchange exchange) {
        try {
            return ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection c
                    ? c.channel()
                    : null;
        } catch (IllegalStateException e) {
            return null; // a mock request (tests binding a controller without a server)
        }
    }

    /** Counts and logs the abort, and ends the exchange without an answer. */
    <T> Mono<T> aborted(ServerWebExchange exchange, Throwable error) {
        count(exchange, error.toString());
        return Mono.empty();
    }

    /** The server cancelled the exchange because its connection closed: counts and logs it as an abort. */
    void cancelled(ServerWebExchange exchange) {
        count(exchange, "connection closed");
    }

    private void count(ServerWebExchange exchange, String how) {
        // A hang-up can show both as the body's error and as the exchange's cancel: count it once.
        if (exchange.getAttributes().putIfAbsent(COUNTED, Boolean.TRUE) != null) {
            return;
        }
        if (counter != null) {
            counter.increment();
        }
        log.debug(
                "{} {}: the client hung up before the request was answered ({})",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().value(),
                how);
        exchange.getResponse().setStatusCode(CLIENT_CLOSED_REQUEST);
    }
}

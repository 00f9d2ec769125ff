package io.marketflow.pipeline.dashboard;

import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The live dashboard's data: {@code GET /dashboard/stream} (server-sent events named {@code snapshot}, one a
 * second) and {@code GET /dashboard/snapshot} (one, for scripts). The page itself is {@code static/index.html}.
 */
@RestController
@RequestMapping("/dashboard")
class DashboardController {

    /** How long a browser waits before reconnecting after the stream ends (e.g. on a restart). */
    private static final Duration RECONNECT = Duration.ofSeconds(2);

    private final DashboardFeed feed;

    DashboardController(DashboardFeed feed) {
        this.feed = feed;
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<DashboardSnapshot>> stream() {
        return feed.stream()
                .map(snapshot -> ServerSentEvent.builder(snapshot)
                        .id(Long.toString(snapshot.seq()))
                        .event("snapshot")
                        .retry(RECONNECT)
                        .build());
    }

    @GetMapping("/snapshot")
    Mono<DashboardSnapshot> snapshot() {
        return feed.snapshot();
    }
}

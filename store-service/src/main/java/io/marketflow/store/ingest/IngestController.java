package io.marketflow.store.ingest;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.system.ClientAborts;
import io.marketflow.store.system.StoreProperties;
import jakarta.validation.Validator;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /ingest[/bars]}, {@code /ingest/options}, {@code /ingest/fundamentals}, {@code /ingest/news}: a JSON
 * array, NDJSON or CSV (header row naming the fields) body; {@code ack=queued} answers 202 once queued, {@code ack=committed} 200 once written. Other
 * content types get 415 from the {@code consumes} condition.
 */
@RestController
@RequestMapping(
        path = "/ingest",
        consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE, "text/csv"})
class IngestController {

    private final IngestEndpoint<Bar> bars;
    private final IngestEndpoint<OptionSnapshot> options;
    private final IngestEndpoint<Fundamentals> fundamentals;
    private final IngestEndpoint<NewsItem> news;
    private final ClientAborts aborts;

    @Autowired
    IngestController(
            WriteCoordinator<Bar> bars,
            WriteCoordinator<OptionSnapshot> options,
            WriteCoordinator<Fundamentals> fundamentals,
            WriteCoordinator<NewsItem> news,
            StoreProperties properties,
            Validator validator,
            ClientAborts aborts,
            @Qualifier("ingestParsingScheduler") Scheduler parsing,
            @Qualifier("ingestAdmissionScheduler") Scheduler admission) {
        this(
                bars,
                options,
                fundamentals,
                news,
                properties.ingest(),
                validator,
                Clock.systemUTC(),
                aborts,
                parsing,
                admission);
    }

    IngestController(
            WriteCoordinator<Bar> bars,
            WriteCoordinator<OptionSnapshot> options,
            WriteCoordinator<Fundamentals> fundamentals,
            WriteCoordinator<NewsItem> news,
            StoreProperties.Ingest settings,
            Validator validator) {
        this(
                bars,
                options,
                fundamentals,
                news,
                settings,
                validator,
                Clock.systemUTC(),
                ClientAborts.uncounted(),
                Schedulers.parallel(),
                Schedulers.boundedElastic());
    }

    /**
     * As above, with the clock that items' dates are checked against ({@code MDS_INGEST_MAX_FUTURE_SEC}),
     * where client aborts are counted, where bodies are parsed, and where admission (which may wait for room in
     * the queue) runs.
     */
    IngestController(
            WriteCoordinator<Bar> bars,
            WriteCoordinator<OptionSnapshot> options,
            WriteCoordinator<Fundamentals> fundamentals,
            WriteCoordinator<NewsItem> news,
            StoreProperties.Ingest settings,
            Validator validator,
            Clock clock,
            ClientAborts aborts,
            Scheduler parsing,
            Scheduler admission) {
        JsonMapper mapper = IngestJson.mapper();
        this.aborts = aborts;
        this.bars = new IngestEndpoint<>(Bar.class, bars, settings, mapper, validator, clock, parsing, admission);
        this.options = new IngestEndpoint<>(
                OptionSnapshot.class, options, settings, mapper, validator, clock, parsing, admission);
        this.fundamentals = new IngestEndpoint<>(
                Fundamentals.class, fundamentals, settings, mapper, validator, clock, parsing, admission);
        this.news = new IngestEndpoint<>(NewsItem.class, news, settings, mapper, validator, clock, parsing, admission);
    }

    @PostMapping({"", "/bars"})
    Mono<ResponseEntity<IngestResult>> bars(ServerWebExchange exchange, @RequestParam(required = false) String ack) {
        return answer(exchange, bars.ingest(exchange.getRequest(), ack));
    }

    @PostMapping("/options")
    Mono<ResponseEntity<IngestResult>> options(ServerWebExchange exchange, @RequestParam(required = false) String ack) {
        return answer(exchange, options.ingest(exchange.getRequest(), ack));
    }

    @PostMapping("/fundamentals")
    Mono<ResponseEntity<IngestResult>> fundamentals(
            ServerWebExchange exchange, @RequestParam(required = false) String ack) {
        return answer(exchange, fundamentals.ingest(exchange.getRequest(), ack));
    }

    // A client that hangs up fails the body's stream, or (once the body is read, or when the server sees the
    // connection close first) cancels the exchange; either way there is nobody left to answer.
    private Mono<ResponseEntity<IngestResult>> answer(
            ServerWebExchange exchange, Mono<ResponseEntity<IngestResult>> response) {
        return aborts.watch(exchange, response);
    }

    @PostMapping("/news")
    Mono<ResponseEntity<IngestResult>> news(ServerWebExchange exchange, @RequestParam(required = false) String ack) {
        return answer(exchange, news.ingest(exchange.getRequest(), ack));
    }
}

package io.marketflow.store.ingest;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.system.StoreProperties;
import jakarta.validation.Validator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
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

    @Autowired
    IngestController(
            WriteCoordinator<Bar> bars,
            WriteCoordinator<OptionSnapshot> options,
            WriteCoordinator<Fundamentals> fundamentals,
            WriteCoordinator<NewsItem> news,
            StoreProperties properties,
            Validator validator) {
        this(bars, options, fundamentals, news, properties.ingest(), validator);
    }

    IngestController(
            WriteCoordinator<Bar> bars,
            WriteCoordinator<OptionSnapshot> options,
            WriteCoordinator<Fundamentals> fundamentals,
            WriteCoordinator<NewsItem> news,
            StoreProperties.Ingest settings,
            Validator validator) {
        JsonMapper mapper = IngestJson.mapper();
        this.bars = new IngestEndpoint<>(Bar.class, bars, settings, mapper, validator);
        this.options = new IngestEndpoint<>(OptionSnapshot.class, options, settings, mapper, validator);
        this.fundamentals = new IngestEndpoint<>(Fundamentals.class, fundamentals, settings, mapper, validator);
        this.news = new IngestEndpoint<>(NewsItem.class, news, settings, mapper, validator);
    }

    @PostMapping({"", "/bars"})
    Mono<ResponseEntity<IngestResult>> bars(ServerHttpRequest request, @RequestParam(required = false) String ack) {
        return bars.ingest(request, ack);
    }

    @PostMapping("/options")
    Mono<ResponseEntity<IngestResult>> options(ServerHttpRequest request, @RequestParam(required = false) String ack) {
        return options.ingest(request, ack);
    }

    @PostMapping("/fundamentals")
    Mono<ResponseEntity<IngestResult>> fundamentals(
            ServerHttpRequest request, @RequestParam(required = false) String ack) {
        return fundamentals.ingest(request, ack);
    }

    @PostMapping("/news")
    Mono<ResponseEntity<IngestResult>> news(ServerHttpRequest request, @RequestParam(required = false) String ack) {
        return news.ingest(request, ack);
    }
}

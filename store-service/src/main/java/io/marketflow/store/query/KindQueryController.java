package io.marketflow.store.query;

import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code GET /options?symbol=&expiry=&from=&to=&limit=}, {@code GET /fundamentals?symbol=&limit=},
 * {@code GET /news?symbol=&from=&to=&limit=}: the other kinds read back, oldest first, as a JSON array or NDJSON,
 * with the same parameter rules and problem responses as {@code GET /bars}. What each reads is its
 * {@link KindRead}; the mappings only name the parameters, one method per path with its item type, so that the
 * generated API document lists each path with its own parameters and item schema.
 */
@RestController
class KindQueryController {

    private final KindLookup lookup;

    KindQueryController(KindLookup lookup) {
        this.lookup = lookup;
    }

    @GetMapping(
            path = "/options",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE})
    Flux<OptionSnapshot> options(
            @RequestParam(required = false) String symbol,
            @RequestParam(required = false) String expiry,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit) {
        return lookup.find(KindRead.OPTIONS.parse(symbol, expiry, from, to, limit));
    }

    @GetMapping(
            path = "/fundamentals",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE})
    Flux<Fundamentals> fundamentals(
            @RequestParam(required = false) String symbol, @RequestParam(required = false) String limit) {
        return lookup.find(KindRead.FUNDAMENTALS.parse(symbol, limit));
    }

    @GetMapping(
            path = "/news",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE})
    Flux<NewsItem> news(
            @RequestParam(required = false) String symbol,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit) {
        return lookup.find(KindRead.NEWS.parse(symbol, from, to, limit));
    }
}

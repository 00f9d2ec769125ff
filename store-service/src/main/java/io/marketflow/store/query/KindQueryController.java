package io.marketflow.store.query;

import io.marketflow.contracts.Fundamentals;
import io.marketflow.contracts.NewsItem;
import io.marketflow.contracts.OptionSnapshot;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
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
@RequestMapping(produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE})
class KindQueryController {

    private final KindLookup lookup;

    KindQueryController(KindLookup lookup) {
        this.lookup = lookup;
    }

    @GetMapping("/options")
    Flux<OptionSnapshot> options(
            @RequestParam(required = false) String symbol,
            @RequestParam(required = false) String expiry,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit) {
        return lookup.find(KindRead.OPTIONS.parse(symbol, expiry, from, to, limit));
    }

    @GetMapping("/fundamentals")
    Flux<Fundamentals> fundamentals(
            @RequestParam(required = false) String symbol, @RequestParam(required = false) String limit) {
        return lookup.find(KindRead.FUNDAMENTALS.parse(symbol, limit));
    }

    @GetMapping("/news")
    Flux<NewsItem> news(
            @RequestParam(required = false) String symbol,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit) {
        return lookup.find(KindRead.NEWS.parse(symbol, from, to, limit));
    }
}

package io.marketflow.store.query;

import io.marketflow.contracts.Bar;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code GET /bars?symbol=&timeframe=&from=&to=&limit=}: stored bars, oldest first, streamed as a JSON array or,
 * with {@code Accept: application/x-ndjson}, one bar per line. Parameters are read as text so that a bad one
 * is reported by name rather than as a conversion failure.
 */
@RestController
class BarQueryController {

    private final BarLookup bars;

    BarQueryController(BarLookup bars) {
        this.bars = bars;
    }

    @GetMapping(
            path = "/bars",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE})
    Flux<Bar> bars(
            @RequestParam(required = false) String symbol,
            @RequestParam(required = false) String timeframe,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit) {
        return bars.find(BarQuery.parse(symbol, timeframe, from, to, limit));
    }
}

package io.marketflow.store.query;

import io.marketflow.contracts.Bar;
import io.marketflow.contracts.Timeframes;
import io.marketflow.store.web.FieldError;
import io.marketflow.store.web.ProblemHandling;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /bars?symbol=&timeframe=&from=&to=&limit=&tz=}: bars oldest first, streamed as a JSON array, one bar
 * per line with {@code Accept: application/x-ndjson}, or CSV with a header row with {@code Accept: text/csv}. The
 * {@value #SOURCE_HEADER} header says whether they were stored or rolled up (and from which timeframe).
 * {@code GET /bars/latest?symbols=&timeframe=}: the newest bar of each symbol. Parameters are read as text so that
 * a bad one is reported by name rather than as a conversion failure.
 */
@RestController
class BarQueryController {

    static final String SOURCE_HEADER = "X-Bars-Source";
    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");
    static final int MAX_LATEST_SYMBOLS = 1000;

    /** The query parameters of {@code GET /bars}, each optional and checked by {@link BarQuery#parse}. */
    record BarParameters(String symbol, String timeframe, String from, String to, String limit, String tz) {

        BarQuery query(ZoneId sessionZone) {
            return BarQuery.parse(symbol, timeframe, from, to, limit, tz, sessionZone);
        }
    }

    private final BarLookup bars;
    private final ZoneId sessionZone;

    @Autowired
    BarQueryController(BarLookup bars, QueryProperties properties) {
        this(bars, properties.sessionTz());
    }

    BarQueryController(BarLookup bars, ZoneId sessionZone) {
        this.bars = bars;
        this.sessionZone = sessionZone;
    }

    @GetMapping(
            path = "/bars",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE})
    Mono<ResponseEntity<Flux<Bar>>> bars(@ParameterObject @ModelAttribute BarParameters parameters) {
        return bars.find(parameters.query(sessionZone))
                .map(series -> ResponseEntity.ok()
                        .header(SOURCE_HEADER, series.source())
                        .body(series.bars()));
    }

    @GetMapping(path = "/bars", produces = "text/csv")
    Mono<ResponseEntity<Flux<String>>> barsAsCsv(@ParameterObject @ModelAttribute BarParameters parameters) {
        return bars.find(parameters.query(sessionZone))
                .map(series -> ResponseEntity.ok()
                        .header(SOURCE_HEADER, series.source())
                        .contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                        .body(Flux.concat(
                                Flux.just(BarCsv.HEADER), series.bars().map(BarCsv::line))));
    }

    @GetMapping(
            path = "/bars/latest",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE})
    Flux<Bar> latest(@RequestParam(required = false) String symbols, @RequestParam(required = false) String timeframe) {
        List<FieldError> errors = new ArrayList<>();
        List<String> checked = symbolList(symbols, errors);
        String checkedTimeframe = QueryParameters.timeframe(timeframe, errors);
        if (!errors.isEmpty()) {
            throw ProblemHandling.invalidParameters(errors);
        }
        return bars.latest(checked, checkedTimeframe);
    }

    /** Comma-separated, each one checked, duplicates read once; at most {@link #MAX_LATEST_SYMBOLS}. */
    private static List<String> symbolList(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(QueryParameters.error("symbols", "is required: comma-separated symbols, such as AAPL,MSFT"));
            return List.of();
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String symbol = part.trim();
            if (symbol.isEmpty()) {
                continue;
            }
            if (!symbol.matches(Timeframes.SYMBOL_PATTERN)) {
                errors.add(QueryParameters.error("symbols", abbreviate(symbol) + ": " + Timeframes.SYMBOL_MESSAGE));
                continue;
            }
            symbols.add(symbol);
        }
        if (symbols.size() > MAX_LATEST_SYMBOLS) {
            errors.add(QueryParameters.error(
                    "symbols", "names " + symbols.size() + " symbols; at most " + MAX_LATEST_SYMBOLS + " per request"));
        } else if (symbols.isEmpty() && errors.isEmpty()) {
            errors.add(QueryParameters.error("symbols", "is required: comma-separated symbols, such as AAPL,MSFT"));
        }
        return List.copyOf(symbols);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}

package io.marketflow.store.ingest;

import io.marketflow.store.lane.DataKind;
import io.marketflow.store.lane.Lane;
import io.marketflow.store.lane.Lanes;
import io.marketflow.store.web.ClientAborts;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code POST /ingest} (bars) and {@code POST /ingest/{kind}} for every {@link DataKind}: a JSON array, NDJSON or
 * CSV (header row naming the fields) body; {@code ack=queued} answers 202 once queued, {@code ack=committed} 200
 * once written. Other content types get 415 from the {@code consumes} condition. The path pattern names the kinds,
 * so any other path is not mapped at all and gets the same 404 (or 405) as before the kinds shared one mapping.
 *
 * <p>The answer is written here, as the few bytes of JSON it is, rather than through Spring's result handling:
 * with {@code ack=committed} that runs on the write worker that committed the batch, and content negotiation and
 * an encoder per answer were ~2 % of the store's CPU at full load. {@link KindIngest} refuses a request that does
 * not accept JSON (406) before reading its body, so no answer is ever owed in another type.
 */
@RestController
@RequestMapping(
        path = "/ingest",
        consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE, "text/csv"})
class IngestController {

    private final Map<DataKind, KindIngest<?>> kinds = new EnumMap<>(DataKind.class);
    private final ClientAborts aborts;

    @Autowired
    IngestController(
            Lanes lanes,
            IngestSettings settings,
            BodyBudget bodies,
            Validator validator,
            ClientAborts aborts,
            @Qualifier("ingestParsingScheduler") Scheduler parsing,
            @Qualifier("ingestAdmissionScheduler") Scheduler admission) {
        this(
                ingests(
                        lanes,
                        new KindIngest.Shared(
                                settings,
                                IngestJson.mapper(),
                                validator,
                                Clock.systemUTC(),
                                parsing,
                                admission,
                                bodies)),
                aborts);
    }

    private static List<KindIngest<?>> ingests(Lanes lanes, KindIngest.Shared shared) {
        List<KindIngest<?>> ingests = new ArrayList<>();
        for (Lane<?> lane : lanes.all()) {
            ingests.add(shared.ingest(lane));
        }
        return ingests;
    }

    /** Over the given ingests, one per kind (tests wire them by hand). */
    IngestController(Collection<? extends KindIngest<?>> kinds, ClientAborts aborts) {
        kinds.forEach(kind -> this.kinds.put(kind.kind(), kind));
        this.aborts = aborts;
    }

    @PostMapping({"", "/{kind:" + DataKind.PATH_NAMES + "}"})
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = IngestResult.class)))
    Mono<Void> ingest(
            ServerWebExchange exchange,
            @PathVariable(required = false) String kind,
            @RequestParam(required = false) String ack) {
        KindIngest<?> ingest = kinds.get(kind == null ? DataKind.BARS : DataKind.named(kind));
        // A client that hangs up fails the body's stream, or (once the body is read, or when the server sees the
        // connection close first) cancels the exchange; either way there is nobody left to answer.
        return aborts.watch(
                exchange,
                ingest.ingest(exchange.getRequest(), ack).flatMap(answer -> write(exchange.getResponse(), answer)));
    }

    private static Mono<Void> write(ServerHttpResponse response, ResponseEntity<IngestResult> answer) {
        byte[] json = answer.getBody().json();
        response.setStatusCode(answer.getStatusCode());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(json.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
    }
}

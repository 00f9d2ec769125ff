package io.marketflow.store.ingest;

import io.marketflow.store.coordinator.Admission;
import io.marketflow.store.coordinator.CommitResult;
import io.marketflow.store.coordinator.WriteCoordinator;
import io.marketflow.store.ingest.IngestBodyReader.Format;
import io.marketflow.store.lane.DataKind;
import io.marketflow.store.lane.Lane;
import io.marketflow.store.web.ProblemHandling;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingest of one kind of item: reads the body as it streams in, and only when every item is valid admits them
 * all to the write coordinator at once, so a refused request leaves nothing queued. This is the edge of the
 * ingest feature: the parser's {@link IngestRejection} becomes the problem answered here.
 */
final class KindIngest<T> {

    private static final int PARSE_AHEAD_CHUNKS = 8;
    private static final Set<String> UTF_8 = Set.of("utf-8", "utf8", "us-ascii");
    static final MediaType CSV = MediaType.parseMediaType("text/csv");

    /**
     * What every kind's ingest shares: settings, mapper, validator, the clock that items' dates are checked against
     * ({@code MDS_INGEST_MAX_FUTURE_SEC}), where bodies are parsed, where admission (which may wait for room
     * in the queue) runs, and the budget of request-body bytes held at once ({@code MDS_INGEST_MAX_INFLIGHT_BYTES}).
     */
    record Shared(
            IngestSettings settings,
            JsonMapper mapper,
            Validator validator,
            Clock clock,
            Scheduler parsing,
            Scheduler admission,
            BodyBudget bodies) {

        <T> KindIngest<T> ingest(Lane<T> lane) {
            return ingest(lane.kind(), lane.type(), lane.coordinator());
        }

        <T> KindIngest<T> ingest(DataKind kind, Class<T> type, WriteCoordinator<T> coordinator) {
            return new KindIngest<>(kind, type, coordinator, this);
        }
    }

    private final DataKind kind;
    private final WriteCoordinator<T> coordinator;
    private final Shared shared;
    private final ItemBinder<T> binder;

    private KindIngest(DataKind kind, Class<T> type, WriteCoordinator<T> coordinator, Shared shared) {
        this.kind = kind;
        this.coordinator = coordinator;
        this.shared = shared;
        this.binder = new ItemBinder<>(
                type,
                shared.mapper().reader(),
                shared.validator(),
                FutureLimit.of(type, shared.settings().maxFuture(), shared.clock()));
    }

    DataKind kind() {
        return kind;
    }

    /**
     * Answers 202 (queued) or 200 (committed), or fails with a {@link ProblemHandling.Problem}; the request line
     * and headers are checked before any of the body is read.
     */
    Mono<ResponseEntity<IngestResult>> ingest(ServerHttpRequest request, String ack) {
        requireJsonAccepted(request);
        Ack mode = ack(ack);
        IngestSettings settings = shared.settings();
        long declared = request.getHeaders().getContentLength();
        if (declared > settings.maxBytes()) {
            throw ProblemHandling.tooLarge("the request body is " + declared + " bytes, more than "
                    + settings.maxBytes() + " (MDS_INGEST_MAX_BYTES)");
        }
        IngestLimits limits = new IngestLimits(
                settings.maxBytes(), settings.maxItems(), coordinator.config().capacity());
        IngestBodyReader<T> reader = new IngestBodyReader<>(
                shared.mapper(), binder, format(request.getHeaders().getContentType()), limits);
        boolean awaitCommit = mode == Ack.COMMITTED;
        // The body's bytes count against the shared budget from the first (its declared length, up front) until
        // every item is written or dead-lettered: while it is read, while its items wait for room, and while they
        // sit in the queue. What all requests hold in memory is bounded so, whatever the size of their items.
        Mono<Admission> admitted = Mono.defer(() -> {
            BodyBudget.Hold hold = reserve(declared);
            return read(request, reader, hold)
                    .flatMap(this::admission)
                    .doOnNext(admission -> admission.committed().whenComplete((result, error) -> hold.release()))
                    .doOnError(error -> hold.release())
                    .doOnCancel(hold::release);
        });
        return answer(admitted, awaitCommit);
    }

    /**
     * The answer is JSON, whatever happens: a client that accepts only other types (say {@code Accept: text/csv})
     * is told so (406) before any of its items is read, rather than after they are written.
     */
    private static void requireJsonAccepted(ServerHttpRequest request) {
        if (request.getHeaders().getFirst(HttpHeaders.ACCEPT) == null) {
            return;
        }
        List<MediaType> acceptable;
        try {
            acceptable = request.getHeaders().getAccept();
        } catch (InvalidMediaTypeException e) {
            throw new NotAcceptableStatusException("the Accept header is not a list of media types");
        }
        for (MediaType accepted : acceptable) {
            if (accepted.isCompatibleWith(MediaType.APPLICATION_JSON) && accepted.getQualityValue() > 0) {
                return;
            }
        }
        throw new NotAcceptableStatusException(List.of(MediaType.APPLICATION_JSON));
    }

    private BodyBudget.Hold reserve(long declared) {
        BodyBudget.Hold hold = shared.bodies().open();
        if (declared > 0 && !hold.reserve(declared)) {
            throw busy();
        }
        return hold;
    }

    private ProblemHandling.Problem busy() {
        BodyBudget bodies = shared.bodies();
        return ProblemHandling.busy("the store holds " + bodies.held() + " bytes of request bodies (being read or"
                + " queued), its limit is "
                + bodies.limit() + " (MDS_INGEST_MAX_INFLIGHT_BYTES); nothing of this request was queued");
    }

    private Mono<List<T>> read(ServerHttpRequest request, IngestBodyReader<T> reader, BodyBudget.Hold hold) {
        // Parsing and validation run off the event loops, which then only move bytes: a store saturated with
        // bodies still reads a health probe's request at once. The hop is per network chunk, not per item, and
        // only a few chunks are read ahead of the parser, so a large body is not buffered ahead of its parsing.
        return request.getBody()
                .publishOn(shared.parsing(), PARSE_AHEAD_CHUNKS)
                .doOnNext(buffer -> feed(reader, hold, buffer))
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                .then(Mono.fromSupplier(reader::finish))
                .onErrorMap(IngestRejection.class, KindIngest::problem);
    }

    private static ProblemHandling.Problem problem(IngestRejection rejection) {
        return switch (rejection.reason()) {
            case INVALID_ITEMS ->
                ProblemHandling.invalidItems(rejection.detail(), rejection.errors(), rejection.errorCount());
            case MALFORMED_BODY ->
                ProblemHandling.malformedBody(rejection.detail(), rejection.errors(), rejection.errorCount());
            case TOO_LARGE -> ProblemHandling.tooLarge(rejection.detail());
        };
    }

    private Mono<Admission> admission(List<T> items) {
        // submitMany may wait for room in the queue (block strategy): never on the event loop, and not on the
        // shared boundedElastic either, where actuator runs health indicators: a full queue would hold up probes.
        // The commit is tracked for ack=queued too (one counter per request), for the budget's sake.
        return Mono.fromCallable(() -> submit(items)).subscribeOn(shared.admission());
    }

    private static Mono<ResponseEntity<IngestResult>> answer(Mono<Admission> admission, boolean awaitCommit) {
        if (!awaitCommit) {
            return admission.map(admitted ->
                    ResponseEntity.status(HttpStatus.ACCEPTED).body(IngestResult.queued(admitted.accepted())));
        }
        // suppressCancel: a client that hangs up must not cancel the commit of items already queued.
        return admission.flatMap(admitted -> Mono.fromFuture(admitted.committed(), true)
                .map((CommitResult result) -> ResponseEntity.ok(IngestResult.committed(admitted.accepted(), result))));
    }

    private Admission submit(List<T> items) throws InterruptedException {
        try {
            return coordinator.submitMany(items, true);
        } catch (IllegalArgumentException e) {
            // The reader already stops at the capacity; this guards against a coordinator reconfigured since.
            throw ProblemHandling.tooLarge("the request has " + items.size() + " items, more than the write "
                    + "queue's capacity of " + coordinator.config().capacity() + " (MDS_COORDINATOR_CAPACITY)");
        }
    }

    private Ack ack(String value) {
        if (value == null) {
            return shared.settings().defaultAck();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "queued" -> Ack.QUEUED;
            case "committed" -> Ack.COMMITTED;
            default -> throw ProblemHandling.invalidParameter("ack", "must be queued or committed");
        };
    }

    // The controller's consumes condition has already narrowed the type to JSON or NDJSON. The parser reads
    // UTF-8 only (as RFC 8259 requires between systems); another declared charset would garble text silently.
    private static Format format(MediaType contentType) {
        String charset = contentType == null ? null : contentType.getParameter("charset");
        if (charset != null && !UTF_8.contains(charset.replace("\"", "").toLowerCase(Locale.ROOT))) {
            throw new UnsupportedMediaTypeStatusException(
                    "charset " + charset + " is not supported: send UTF-8 (the JSON default)");
        }
        if (contentType != null && CSV.isCompatibleWith(contentType)) {
            return Format.CSV;
        }
        return contentType != null && MediaType.APPLICATION_NDJSON.isCompatibleWith(contentType)
                ? Format.NDJSON
                : Format.JSON_ARRAY;
    }

    private void feed(IngestBodyReader<?> reader, BodyBudget.Hold hold, DataBuffer buffer) {
        try {
            if (!hold.cover(buffer.readableByteCount())) {
                throw busy();
            }
            byte[] chunk = new byte[buffer.readableByteCount()];
            buffer.read(chunk);
            reader.feed(chunk);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}

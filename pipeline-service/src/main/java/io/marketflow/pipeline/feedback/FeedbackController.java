package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.webhook.WebhookHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code POST /feedback}: 204 when the event was applied or ignored, 400/401 problem+json otherwise. */
@RestController
class FeedbackController {

    private final FeedbackReceiver receiver;

    FeedbackController(FeedbackReceiver receiver) {
        this.receiver = receiver;
    }

    /** Takes the body as raw bytes: the signature covers them exactly as sent, before any parsing. */
    @PostMapping(path = "/feedback", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Void>> receive(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = WebhookHeaders.ID, required = false) String id,
            @RequestHeader(name = WebhookHeaders.TIMESTAMP, required = false) String timestamp,
            @RequestHeader(name = WebhookHeaders.SIGNATURE, required = false) String signature) {
        // The handler serializes writers with a short lock; keep that off the event loop.
        return Mono.fromCallable(() -> receiver.receive(body, id, timestamp, signature))
                .subscribeOn(Schedulers.boundedElastic())
                .thenReturn(ResponseEntity.noContent().build());
    }
}

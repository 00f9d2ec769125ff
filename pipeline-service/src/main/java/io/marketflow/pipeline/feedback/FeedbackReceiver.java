package io.marketflow.pipeline.feedback;

import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.contracts.webhook.WebhookVerificationException;
import io.marketflow.contracts.webhook.WebhookVerifier;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes one raw feedback request: checks its signature (when a secret is configured) on the body exactly as
 * received, then parses and validates it, then hands it to the {@link FeedbackHandler} unless feedback is
 * switched off. Every request is reported to the {@link FeedbackListener}.
 */
public final class FeedbackReceiver {

    private final FeedbackHandler handler;
    private final boolean enabled;
    private final Optional<WebhookVerifier> verifier;
    private final FeedbackEventReader reader;
    private final FeedbackListener listener;

    /**
     * @param enabled when false, valid events are acknowledged and dropped
     * @param verifier present when a webhook secret is configured; then every request must be signed
     */
    public FeedbackReceiver(
            FeedbackHandler handler,
            boolean enabled,
            Optional<WebhookVerifier> verifier,
            JsonMapper json,
            Validator validator,
            FeedbackListener listener) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.enabled = enabled;
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.reader = new FeedbackEventReader(json, validator);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * @param body the request body as received, null when empty
     * @param webhookId the {@code webhook-id} header or null; also used to drop re-deliveries
     * @throws FeedbackRejectedException when the request is not signed as required or not a valid event
     */
    public FeedbackOutcome receive(byte[] body, String webhookId, String webhookTimestamp, String webhookSignature) {
        byte[] raw = body == null ? new byte[0] : body;
        try {
            verifier.ifPresent(v ->
                    v.verify(new String(raw, StandardCharsets.UTF_8), webhookId, webhookTimestamp, webhookSignature));
        } catch (WebhookVerificationException e) {
            listener.onEvent(FeedbackListener.UNKNOWN, FeedbackListener.UNKNOWN, FeedbackOutcome.UNAUTHORIZED);
            throw FeedbackRejectedException.unauthorized(e.getMessage());
        }
        FeedbackEvent event;
        try {
            event = reader.read(raw);
        } catch (FeedbackRejectedException e) {
            listener.onEvent(FeedbackListener.UNKNOWN, FeedbackListener.UNKNOWN, FeedbackOutcome.MALFORMED);
            throw e;
        }
        if (!enabled) {
            listener.onEvent(FeedbackListener.UNKNOWN, event.level().wireName(), FeedbackOutcome.DISABLED);
            return FeedbackOutcome.DISABLED;
        }
        FeedbackHandler.Result result = handler.handle(event, webhookId);
        listener.onEvent(result.coordinatorTag(), event.level().wireName(), result.outcome());
        return result.outcome();
    }
}

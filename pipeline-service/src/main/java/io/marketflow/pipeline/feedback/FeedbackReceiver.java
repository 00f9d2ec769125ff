package io.marketflow.pipeline.feedback;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketflow.contracts.FeedbackEvent;
import io.marketflow.contracts.webhook.WebhookVerificationException;
import io.marketflow.contracts.webhook.WebhookVerifier;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
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
    private final JsonMapper json;
    private final Validator validator;
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
        // A missing seq or queue_size must be an error, not a silent 0.
        this.json = json.rebuild()
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        this.validator = Objects.requireNonNull(validator, "validator");
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
            event = parse(raw);
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

    private FeedbackEvent parse(byte[] raw) {
        if (raw.length == 0) {
            throw FeedbackRejectedException.malformed(
                    List.of(new FeedbackRejectedException.FieldError(null, "body is empty")));
        }
        FeedbackEvent event;
        try {
            event = json.readValue(raw, FeedbackEvent.class);
        } catch (DatabindException e) {
            throw FeedbackRejectedException.malformed(
                    List.of(new FeedbackRejectedException.FieldError(fieldOf(e), shortMessage(e))));
        } catch (JacksonException e) {
            throw FeedbackRejectedException.malformed(
                    List.of(new FeedbackRejectedException.FieldError(null, "body is not valid JSON")));
        }
        if (event == null) {
            throw FeedbackRejectedException.malformed(
                    List.of(new FeedbackRejectedException.FieldError(null, "body must be a JSON object")));
        }
        List<FeedbackRejectedException.FieldError> violations = validator.validate(event).stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(FeedbackReceiver::toFieldError)
                .toList();
        if (!violations.isEmpty()) {
            throw FeedbackRejectedException.malformed(violations);
        }
        return event;
    }

    private static FeedbackRejectedException.FieldError toFieldError(ConstraintViolation<FeedbackEvent> violation) {
        return new FeedbackRejectedException.FieldError(
                jsonName(violation.getPropertyPath().toString()), violation.getMessage());
    }

    /** The JSON name of a FeedbackEvent component: its {@code @JsonProperty} value, else its own name. */
    static String jsonName(String component) {
        return Arrays.stream(FeedbackEvent.class.getRecordComponents())
                .filter(c -> c.getName().equals(component))
                .map(FeedbackReceiver::jsonName)
                .findFirst()
                .orElse(component);
    }

    private static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAnnotation(JsonProperty.class);
        if (property == null) {
            property = component.getAccessor().getAnnotation(JsonProperty.class);
        }
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    private static String fieldOf(DatabindException e) {
        return e.getPath().stream()
                .map(JacksonException.Reference::getPropertyName)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /** The cause's own words when it is ours (e.g. the level's allowed values), else Jackson's first line. */
    private static String shortMessage(DatabindException e) {
        Throwable root = rootCause(e);
        if (root != e && root instanceof IllegalArgumentException && root.getMessage() != null) {
            return root.getMessage();
        }
        String message = e.getOriginalMessage();
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}

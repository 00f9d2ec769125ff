package io.marketflow.pipeline.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.marketflow.contracts.BackpressureLevel;
import io.marketflow.contracts.webhook.WebhookSigner;
import io.marketflow.contracts.webhook.WebhookVerifier;
import io.marketflow.pipeline.ratelimit.ProviderLimits;
import io.marketflow.pipeline.ratelimit.RateCoordinator;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

class FeedbackReceiverTests {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    private static final String SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final Instant NOW = Instant.parse("2025-10-15T14:30:00Z");
    private static final byte[] HARD = """
            {"coordinator_id":"bars-coord","queue_size":9000,"capacity":10000,"level":"hard","reason":null,\
            "ts":"2025-10-15T14:30:00Z","seq":1}""".getBytes(StandardCharsets.UTF_8);

    private final AtomicLong nanos = new AtomicLong();
    private final RateCoordinator rates = new RateCoordinator(nanos::get, Schedulers.immediate());
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    private FeedbackReceiver receiver(boolean enabled, Optional<WebhookVerifier> verifier) {
        rates.register("ibkr", ProviderLimits.DEFAULTS);
        FeedbackHandler handler = new FeedbackHandler(
                rates,
                StepPolicy.DEFAULT,
                new FeedbackHandler.Settings(Duration.ofSeconds(15), BackpressureLevel.SOFT, 32),
                nanos::get);
        return new FeedbackReceiver(
                handler,
                enabled,
                verifier,
                JsonMapper.builder().build(),
                VALIDATION.getValidator(),
                (coordinator, level, outcome) -> heard.add(coordinator + "/" + level + "/" + outcome.tag()));
    }

    @Test
    void appliesAValidEventAndReportsIt() {
        FeedbackOutcome outcome = receiver(true, Optional.empty()).receive(HARD, null, null, null);

        assertThat(outcome).isEqualTo(FeedbackOutcome.APPLIED);
        assertThat(rates.snapshot("ibkr").scale()).isZero();
        assertThat(heard).containsExactly("bars-coord/hard/applied");
    }

    @Test
    void acknowledgesButDropsEventsWhenFeedbackIsOff() {
        FeedbackOutcome outcome = receiver(false, Optional.empty()).receive(HARD, null, null, null);

        assertThat(outcome).isEqualTo(FeedbackOutcome.DISABLED);
        assertThat(rates.snapshot("ibkr").scale()).isEqualTo(1.0);
        assertThat(heard).containsExactly("unknown/hard/disabled");
    }

    @Test
    void checksTheSignatureOnTheBodyAsReceived() {
        FeedbackReceiver receiver =
                receiver(true, Optional.of(new WebhookVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC))));
        Map<String, String> headers =
                new WebhookSigner(SECRET).sign("msg_1", NOW, new String(HARD, StandardCharsets.UTF_8));
        byte[] reformatted =
                new String(HARD, StandardCharsets.UTF_8).replace(",", ", ").getBytes(StandardCharsets.UTF_8);

        FeedbackRejectedException rejected = catchThrowableOfType(
                FeedbackRejectedException.class,
                () -> receiver.receive(
                        reformatted, "msg_1", headers.get("webhook-timestamp"), headers.get("webhook-signature")));

        assertThat(rejected.outcome()).isEqualTo(FeedbackOutcome.UNAUTHORIZED);
        assertThat(rates.snapshot("ibkr").scale()).isEqualTo(1.0);
        assertThat(receiver.receive(HARD, "msg_1", headers.get("webhook-timestamp"), headers.get("webhook-signature")))
                .isEqualTo(FeedbackOutcome.APPLIED);
        assertThat(heard).containsExactly("unknown/unknown/unauthorized", "bars-coord/hard/applied");
    }

    @Test
    void namesEveryBrokenFieldByItsJsonName() {
        byte[] broken = """
                {"coordinator_id":"has space","queue_size":-1,"capacity":10,"level":"ok","seq":1}""".getBytes(StandardCharsets.UTF_8);

        FeedbackRejectedException rejected = catchThrowableOfType(
                FeedbackRejectedException.class,
                () -> receiver(true, Optional.empty()).receive(broken, null, null, null));

        assertThat(rejected.errors())
                .extracting(FeedbackRejectedException.FieldError::field)
                .containsExactlyInAnyOrder("coordinator_id", "queue_size", "ts");
        assertThat(heard).containsExactly("unknown/unknown/malformed");
    }
}

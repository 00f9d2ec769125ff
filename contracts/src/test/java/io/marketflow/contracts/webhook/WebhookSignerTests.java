package io.marketflow.contracts.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignerTests {

    // The worked example of the Standard Webhooks specification.
    static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long SPEC_TIMESTAMP = 1614265330;
    static final String SPEC_BODY = "{\"test\": 2432232314}";
    static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final WebhookSigner signer = new WebhookSigner(SPEC_SECRET);

    @Test
    void signsTheSpecificationsExample() {
        Map<String, String> headers = signer.sign(SPEC_ID, Instant.ofEpochSecond(SPEC_TIMESTAMP), SPEC_BODY);

        assertThat(headers)
                .containsExactly(
                        entry("webhook-id", SPEC_ID),
                        entry("webhook-timestamp", "1614265330"),
                        entry("webhook-signature", SPEC_SIGNATURE));
    }

    @Test
    void signsWholeSecondsOnly() {
        Map<String, String> headers =
                signer.sign(SPEC_ID, Instant.ofEpochSecond(SPEC_TIMESTAMP, 999_000_000), SPEC_BODY);

        assertThat(headers.get(WebhookHeaders.TIMESTAMP)).isEqualTo("1614265330");
        assertThat(headers.get(WebhookHeaders.SIGNATURE)).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void signatureDependsOnEveryPartOfTheMessage() {
        Instant ts = Instant.ofEpochSecond(SPEC_TIMESTAMP);
        String signature = signer.sign(SPEC_ID, ts, SPEC_BODY).get(WebhookHeaders.SIGNATURE);

        assertThat(signer.sign("msg_other", ts, SPEC_BODY).get(WebhookHeaders.SIGNATURE))
                .isNotEqualTo(signature);
        assertThat(signer.sign(SPEC_ID, ts.plusSeconds(1), SPEC_BODY).get(WebhookHeaders.SIGNATURE))
                .isNotEqualTo(signature);
        assertThat(signer.sign(SPEC_ID, ts, SPEC_BODY + " ").get(WebhookHeaders.SIGNATURE))
                .isNotEqualTo(signature);
    }

    @Test
    void rejectsABlankMessageId() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> signer.sign(" ", Instant.now(), SPEC_BODY))
                .withMessageContaining("message id");
    }
}

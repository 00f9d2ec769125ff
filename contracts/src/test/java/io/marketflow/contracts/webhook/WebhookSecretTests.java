package io.marketflow.contracts.webhook;

import static io.marketflow.contracts.webhook.WebhookSignerTests.SPEC_BODY;
import static io.marketflow.contracts.webhook.WebhookSignerTests.SPEC_ID;
import static io.marketflow.contracts.webhook.WebhookSignerTests.SPEC_SECRET;
import static io.marketflow.contracts.webhook.WebhookSignerTests.SPEC_SIGNATURE;
import static io.marketflow.contracts.webhook.WebhookSignerTests.SPEC_TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSecretTests {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void rejectsAMissingSecret(String secret) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookSigner(secret))
                .withMessage("webhook secret is empty");
    }

    @Test
    void rejectsASecretWithoutThePrefix() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookSigner("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .withMessage("webhook secret must start with whsec_");
    }

    @Test
    void rejectsASecretThatIsNotBase64WithoutEchoingIt() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La*aSw";

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookVerifier(secret, Clock.systemUTC()))
                .withMessageStartingWith("webhook secret must be whsec_ followed by standard base64")
                .withMessageNotContaining("MfKQ9r8GKYqrTwjUPD8ILPZIo2La");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, 23})
    void rejectsAKeyShorterThanTheSpecificationsMinimum(int bytes) {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[bytes]);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WebhookSigner(secret))
                .withMessage("webhook secret must decode to at least 24 bytes, but has " + bytes);
    }

    @Test
    void acceptsASecretWithSurroundingWhitespaceAsFromAMountedFile() {
        Map<String, String> headers = new WebhookSigner(" " + SPEC_SECRET + "\n")
                .sign(SPEC_ID, Instant.ofEpochSecond(SPEC_TIMESTAMP), SPEC_BODY);

        assertThat(headers.get(WebhookHeaders.SIGNATURE)).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void acceptsALongKey() {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[64]);

        assertThat(new WebhookSigner(secret)).isNotNull();
    }
}

package io.marketflow.contracts.webhook;

import static io.marketflow.contracts.webhook.WebhookSignerTests.SPEC_BODY;
import static io.marketflow.contracts.webhook.WebhookSignerTests.SPEC_ID;
import static io.marketflow.contracts.webhook.WebhookSignerTests.SPEC_SECRET;
import static io.marketflow.contracts.webhook.WebhookSignerTests.SPEC_SIGNATURE;
import static io.marketflow.contracts.webhook.WebhookSignerTests.SPEC_TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.contracts.webhook.WebhookVerificationException.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.api.ObjectAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookVerifierTests {

    private static final String TS = Long.toString(SPEC_TIMESTAMP);
    private static final String OTHER_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

    private final WebhookVerifier verifier = verifierAt(SPEC_TIMESTAMP);

    @Test
    void acceptsTheSpecificationsExample() {
        assertThatCode(() -> verifier.verify(SPEC_BODY, SPEC_ID, TS, SPEC_SIGNATURE))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsWhatTheSignerSigned() {
        Instant now = Instant.parse("2025-10-15T14:30:00Z");
        String body = "{\"coordinator_id\":\"bars-coord\",\"level\":\"hard\",\"seq\":42}";
        Map<String, String> headers = new WebhookSigner(OTHER_SECRET).sign("evt-42", now, body);

        WebhookVerifier receiver = new WebhookVerifier(OTHER_SECRET, Clock.fixed(now, ZoneOffset.UTC));

        assertThatCode(() -> receiver.verify(
                        body,
                        headers.get(WebhookHeaders.ID),
                        headers.get(WebhookHeaders.TIMESTAMP),
                        headers.get(WebhookHeaders.SIGNATURE)))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesATamperedBody() {
        assertRefused(() -> verifier.verify("{\"test\": 2432232315}", SPEC_ID, TS, SPEC_SIGNATURE))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void refusesAnotherMessageIdOrTimestampUnderTheSameSignature() {
        assertRefused(() -> verifier.verify(SPEC_BODY, "msg_other", TS, SPEC_SIGNATURE))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertRefused(() -> verifier.verify(SPEC_BODY, SPEC_ID, Long.toString(SPEC_TIMESTAMP + 1), SPEC_SIGNATURE))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        WebhookVerifier other = new WebhookVerifier(OTHER_SECRET, fixedAt(SPEC_TIMESTAMP));

        assertRefused(() -> other.verify(SPEC_BODY, SPEC_ID, TS, SPEC_SIGNATURE))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @Test
    void acceptsTimestampsUpToFiveMinutesAwayEitherWay() {
        assertThatCode(() -> verifierAt(SPEC_TIMESTAMP + 300).verify(SPEC_BODY, SPEC_ID, TS, SPEC_SIGNATURE))
                .doesNotThrowAnyException();
        assertThatCode(() -> verifierAt(SPEC_TIMESTAMP - 300).verify(SPEC_BODY, SPEC_ID, TS, SPEC_SIGNATURE))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesATimestampMoreThanFiveMinutesOld() {
        WebhookVerifier later = verifierAt(SPEC_TIMESTAMP + 301);

        assertRefused(() -> later.verify(SPEC_BODY, SPEC_ID, TS, SPEC_SIGNATURE))
                .isEqualTo(Reason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void refusesATimestampMoreThanFiveMinutesInTheFuture() {
        WebhookVerifier earlier = verifierAt(SPEC_TIMESTAMP - 301);

        assertRefused(() -> earlier.verify(SPEC_BODY, SPEC_ID, TS, SPEC_SIGNATURE))
                .isEqualTo(Reason.TIMESTAMP_TOO_NEW);
    }

    @Test
    void acceptsAHeaderWithSeveralSignaturesWhenOneIsValid() {
        String header =
                "v1,Zm9yZ2VkIHNpZ25hdHVyZSBvZiAzMiBieXRlcyEhISE= v2,whatever " + SPEC_SIGNATURE + " v1,bm90IGl0";

        assertThatCode(() -> verifier.verify(SPEC_BODY, SPEC_ID, TS, header)).doesNotThrowAnyException();
    }

    @Test
    void refusesAHeaderWhoseSignaturesAreAllInvalid() {
        String valid = SPEC_SIGNATURE.substring("v1,".length());
        String header = "v1,Zm9yZ2VkIHNpZ25hdHVyZSBvZiAzMiBieXRlcyEhISE= v2," + valid + " " + valid + " v1";

        assertRefused(() -> verifier.verify(SPEC_BODY, SPEC_ID, TS, header)).isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "null,  1614265330, 'v1,x', webhook-id",
                "msg_1, null,       'v1,x', webhook-timestamp",
                "msg_1, 1614265330, null,   webhook-signature",
                "' ',   '',         '',     'webhook-id, webhook-timestamp, webhook-signature'"
            })
    void refusesAMessageWithMissingHeadersAndNamesThem(String id, String ts, String signature, String named) {
        assertThatThrownBy(() -> verifier.verify(SPEC_BODY, id, ts, signature))
                .isInstanceOfSatisfying(
                        WebhookVerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_HEADERS))
                .hasMessageEndingWith(named);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "-1614265330", "+1614265330", "1614265330.0", "1614265330000000000000"})
    void refusesATimestampThatIsNotEpochSeconds(String ts) {
        assertRefused(() -> verifier.verify(SPEC_BODY, SPEC_ID, ts, SPEC_SIGNATURE))
                .isEqualTo(Reason.INVALID_TIMESTAMP);
    }

    private static WebhookVerifier verifierAt(long epochSecond) {
        return new WebhookVerifier(SPEC_SECRET, fixedAt(epochSecond));
    }

    private static Clock fixedAt(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    /** Asserts that verification throws, and gives the reason for further assertions. */
    private static ObjectAssert<Reason> assertRefused(ThrowingCallable verification) {
        return assertThatThrownBy(verification)
                .asInstanceOf(InstanceOfAssertFactories.type(WebhookVerificationException.class))
                .extracting(WebhookVerificationException::reason, InstanceOfAssertFactories.type(Reason.class));
    }
}

package dev.clerksync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.svix.Webhook;
import com.svix.exceptions.WebhookVerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The official Svix / Standard Webhooks signature vectors (src/test/resources/clerk/svix-test-vectors.md).
 * They pin the signer the integration tests use to the published scheme, and the verifier this
 * WAR uses to reject what the vectors call invalid.
 */
class SvixTestVectorsTest {

    private static final String INVALID = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw|msg_p5jXN8AQM9LWM0D4loKWxJek|1614265330|{\"test\": 2432232314}"
            + "|v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        "whsec_plJ3nmyCDGBKInavdOK15jsl|msg_loFOjxBNrRLzqYUf|1731705121|{\"event_type\":\"ping\",\"data\":{\"success\":true}}"
            + "|v1,rAvfW3dJ/X/qxhsaXPOyyCGmRKsaKWcsNccKXlIktD0="
    })
    void signerReproducesTheOfficialVector(String secret, String id, long timestamp, String payload, String expected)
            throws Exception {
        assertEquals(expected, new Webhook(secret).sign(id, timestamp, payload));
    }

    @Test
    void signerReproducesTheVectorOverClerksDeletedExampleBytes() throws Exception {
        String payload = resource("/clerk/payloads/user.deleted.clerk-event-catalog.json");

        String signature = new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1674087231, payload);

        assertEquals("v1,p0HvrlsxhrfwRlITe7U4zEflUYg3qvhxMw8nuNEsRiA=", signature);
    }

    @Test
    void knownInvalidSignatureIsRejected() {
        SignatureCheck check = new SignatureCheck(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

        assertThrows(SignatureRejectedException.class,
                () -> check.verify("{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8), headers(INVALID)));
    }

    @Test
    void multiSignatureHeaderWithOneValidSignaturePasses() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String payload = "{\"test\": 2432232314}";
        String valid = new Webhook(secret).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", Instant.now().getEpochSecond(), payload);
        String header = INVALID + " v2," + INVALID.substring(3) + " " + valid + " " + INVALID;

        new SignatureCheck(List.of(secret)).verify(payload.getBytes(StandardCharsets.UTF_8), headers(header));
    }

    @Test
    void officialVectorReplayedTodayIsRejectedAsTooOld() throws Exception {
        Webhook webhook = new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        Map<String, List<String>> headers = Map.of(
                "svix-id", List.of("msg_p5jXN8AQM9LWM0D4loKWxJek"),
                "svix-timestamp", List.of("1614265330"),
                "svix-signature", List.of("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));

        assertThrows(WebhookVerificationException.class, () -> webhook.verify("{\"test\": 2432232314}", headers));
    }

    private static Map<String, List<String>> headers(String signature) {
        return Map.of(
                "svix-id", List.of("msg_p5jXN8AQM9LWM0D4loKWxJek"),
                "svix-timestamp", List.of(Long.toString(Instant.now().getEpochSecond())),
                "svix-signature", List.of(signature));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = SvixTestVectorsTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

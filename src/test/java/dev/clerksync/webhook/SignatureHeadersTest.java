package dev.clerksync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clerksync.support.StubRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which headers carry a delivery's signature: svix-*, else the Standard Webhooks webhook-* names. */
class SignatureHeadersTest {

    @Test
    void svixHeadersAreHandedOnUnderTheirNames() {
        Map<String, List<String>> headers = WebhookServlet.signatureHeaders(StubRequest.with()
                .header("svix-id", "msg_1").header("svix-timestamp", "1700000000")
                .header("svix-signature", "v1,abc").build());

        assertEquals(Map.of("svix-id", List.of("msg_1"), "svix-timestamp", List.of("1700000000"),
                "svix-signature", List.of("v1,abc")), headers);
    }

    @Test
    void webhookHeadersAreHandedOnUnderTheSvixNames() {
        Map<String, List<String>> headers = WebhookServlet.signatureHeaders(StubRequest.with()
                .header("webhook-id", "msg_1").header("webhook-timestamp", "1700000000")
                .header("webhook-signature", "v1,abc").build());

        assertEquals(Map.of("svix-id", List.of("msg_1"), "svix-timestamp", List.of("1700000000"),
                "svix-signature", List.of("v1,abc")), headers);
    }

    @Test
    void svixHeaderWinsOverItsWebhookEquivalent() {
        Map<String, List<String>> headers = WebhookServlet.signatureHeaders(StubRequest.with()
                .header("svix-id", "msg_svix").header("webhook-id", "msg_webhook")
                .header("svix-timestamp", "1").header("svix-signature", "v1,abc").build());

        assertEquals(List.of("msg_svix"), headers.get("svix-id"));
    }

    @Test
    void namesMayMixTheTwoSpellings() {
        Map<String, List<String>> headers = WebhookServlet.signatureHeaders(StubRequest.with()
                .header("svix-id", "msg_1").header("webhook-timestamp", "1").header("svix-signature", "v1,abc")
                .build());

        assertEquals(List.of("1"), headers.get("svix-timestamp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "timestamp", "signature"})
    void missingHeaderIsNamedBySvixName(String part) {
        StubRequest request = StubRequest.with();
        for (String other : List.of("id", "timestamp", "signature")) {
            if (!other.equals(part)) {
                request.header("svix-" + other, "x");
            }
        }

        MissingHeadersException e = assertThrows(MissingHeadersException.class,
                () -> WebhookServlet.signatureHeaders(request.build()));

        assertEquals("missing header svix-" + part + " (or its webhook-* equivalent)", e.getMessage());
    }

    @Test
    void blankHeaderCountsAsMissing() {
        StubRequest request = StubRequest.with().header("svix-id", "  ").header("svix-timestamp", "1")
                .header("svix-signature", "v1,abc");

        assertThrows(MissingHeadersException.class, () -> WebhookServlet.signatureHeaders(request.build()));
    }
}

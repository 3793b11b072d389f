package dev.clerksync.webhook;

import com.svix.Webhook;
import com.svix.exceptions.EmptyWebhookSecretException;
import com.svix.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Verifies a delivery with the svix library against each configured signing secret, so that a
 * secret can be rotated without dropping deliveries signed with the old one. Svix also rejects
 * timestamps more than five minutes from now, which bounds replays.
 */
final class SignatureCheck {

    private final List<Webhook> verifiers;

    SignatureCheck(List<String> secrets) {
        this.verifiers = secrets.stream().map(SignatureCheck::verifier).toList();
    }

    private static Webhook verifier(String secret) {
        try {
            return new Webhook(secret);
        } catch (EmptyWebhookSecretException e) {
            // Settings already refused empty secrets at start.
            throw new IllegalArgumentException("empty signing secret", e);
        }
    }

    /**
     * @param headers the three signature headers, under their {@code svix-*} names
     * @throws SignatureRejectedException when no secret verifies the body
     */
    void verify(byte[] body, Map<String, List<String>> headers) {
        // svix signs the payload's UTF-8 text; valid UTF-8 survives this round trip byte for byte.
        String payload = new String(body, StandardCharsets.UTF_8);
        WebhookVerificationException last = null;
        for (Webhook verifier : verifiers) {
            try {
                verifier.verify(payload, headers);
                return;
            } catch (WebhookVerificationException e) {
                last = e;
            }
        }
        throw new SignatureRejectedException(last == null ? "no signing secret" : last.getMessage(), last);
    }
}

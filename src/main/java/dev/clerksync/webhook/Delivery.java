package dev.clerksync.webhook;

import java.time.Instant;

/** A verified delivery: its svix-id, raw body and the event read from it, and when we received it. */
public record Delivery(String svixId, byte[] body, ClerkEvent event, Instant receivedAt) {

    /** The same delivery, to be recorded as failed for {@code reason}. */
    Delivery failed(String reason) {
        return new Delivery(svixId, body, new ClerkEvent.Malformed(event.type(), reason), receivedAt);
    }
}

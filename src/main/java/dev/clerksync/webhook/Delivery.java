package dev.clerksync.webhook;

import java.time.Instant;

/** A verified delivery: its svix-id, raw body and the event read from it, and when we received it. */
public record Delivery(String svixId, byte[] body, ClerkEvent event, Instant receivedAt) {

    /** The event's type, or null when the body got no further than its signature. */
    public String eventType() {
        return event.type();
    }

    /** The id of the Clerk object the event is about, or null. */
    public String objectId() {
        return event.objectId();
    }

    /** The same delivery, to be recorded as failed for {@code reason}. */
    Delivery failed(String reason) {
        return new Delivery(svixId, body, new ClerkEvent.Malformed(event.type(), reason), receivedAt);
    }
}

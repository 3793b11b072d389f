package dev.clerksync.webhook;

import java.time.Instant;

/** A verified delivery: its svix-id and raw body, and when we received it. */
record Delivery(String svixId, byte[] body, Instant receivedAt) {
}

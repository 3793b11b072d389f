package dev.clerksync.bench;

import java.util.Locale;

/**
 * When the mixed workload re-sends a delivery it delivers twice (same svix-id, same body), as Svix
 * does when it retries a message whose first answer it never saw.
 */
enum DuplicateOrder {
    /** Right after the original: the common retry. */
    IMMEDIATE,
    /**
     * Held back until the same user's next event has been sent (or, if that user has none soon,
     * after a window of the sender's deliveries): a stale redelivery that must not undo the newer event.
     */
    LATE;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

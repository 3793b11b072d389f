package dev.clerksync.webhook;

import dev.clerksync.sync.Sync;

/**
 * A change an event asks for, with the sync of its kind that applies it.
 *
 * @param <C> the kind's changes
 */
public record SyncChange<C>(Sync<C> sync, C change) {
}

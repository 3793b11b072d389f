package dev.clerksync.users;

/** What applying one Clerk state did to the table. */
public enum SyncResult {
    /** The row now holds this state (created, updated or deleted). */
    APPLIED,
    /** The row already holds a newer state, or the user was deleted later: nothing changed. */
    STALE
}

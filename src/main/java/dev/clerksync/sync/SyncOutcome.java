package dev.clerksync.sync;

/**
 * What one change did to the row of its Clerk object, whatever the kind: the one outcome every
 * caller of a sync reads. A webhook answers {@code stale} for {@link #STALE} and {@code applied}
 * for the rest; a reconcile counts {@link #STALE} as unchanged.
 */
public enum SyncOutcome {
    /** There was no row; now there is. */
    CREATED,
    /** The row now holds something it did not hold before. */
    UPDATED,
    /** Applied, but the row holds what it held (the same version again, or a deletion of no row). */
    UNCHANGED,
    /** The row is gone. */
    DELETED,
    /** Not applied: the row holds a newer version, or a tombstone is newer. */
    STALE;

    /** Whether the change was applied (perhaps to no effect), rather than refused as stale. */
    public boolean applied() {
        return this != STALE;
    }
}

package dev.clerksync.users;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Rows to delete, rows to insert or update, tombstones to record (a later one wins), emails that
 * users outside the batch give up, and changes to announce (a release announces itself when
 * it happens).
 */
record SyncWrites(List<String> deletes, List<UserRow> upserts, Map<String, Instant> tombstones,
        List<EmailRelease> releases, List<Notification> notifications) {

    boolean isEmpty() {
        return deletes.isEmpty() && upserts.isEmpty() && tombstones.isEmpty() && releases.isEmpty();
    }

    /**
     * Clears a user's email, as a condition checked on the row as it is when written: only while
     * it still holds {@code emailKey} in a Clerk state no newer than {@code claimedAt}.
     */
    record EmailRelease(String userId, String emailKey, Instant claimedAt) {
    }

    /** What {@code NOTIFY clerk_sync_users} says of one row: its id and created, updated or deleted. */
    record Notification(String userId, String op) {
    }
}

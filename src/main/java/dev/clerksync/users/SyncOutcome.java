package dev.clerksync.users;

import dev.clerksync.http.JsonFields;
import java.nio.charset.StandardCharsets;

/** What one change did to its user's row, as a reconcile counts it. */
public enum SyncOutcome {
    /** There was no row; now there is. */
    CREATED,
    /** The row now holds something it did not hold before. */
    UPDATED,
    /** Stale, buried by a tombstone, or the same as the stored row apart from when it was written. */
    UNCHANGED,
    /** The row is gone. */
    DELETED;

    static SyncOutcome of(SyncState.Change change) {
        UserRow before = change.before();
        UserRow after = change.after();
        if (before == null) {
            return after == null ? UNCHANGED : CREATED;
        }
        if (after == null) {
            return DELETED;
        }
        return change.result() == SyncResult.STALE || sameApartFromWriteTime(before, after) ? UNCHANGED : UPDATED;
    }

    /**
     * Equal in everything Clerk or the sync decides. {@code public_metadata} is compared as JSON, not
     * as text: PostgreSQL hands jsonb back with its own spacing and key order.
     */
    static boolean sameApartFromWriteTime(UserRow a, UserRow b) {
        return withoutMetadataAndWriteTime(a).equals(withoutMetadataAndWriteTime(b))
                && sameJson(a.publicMetadata(), b.publicMetadata());
    }

    private static UserRow withoutMetadataAndWriteTime(UserRow row) {
        return new UserRow(row.id(), row.email(), row.username(), row.firstName(), row.lastName(), row.displayName(),
                row.imageUrl(), row.phoneNumber(), row.role(), null, row.banned(), row.lastSignInAt(),
                row.clerkCreatedAt(), row.clerkUpdatedAt(), row.provisional(), row.createdAt(), null);
    }

    private static boolean sameJson(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(b) || parse(a).equals(parse(b));
    }

    private static Object parse(String json) {
        return JsonFields.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.clerksync.users;

import java.time.Instant;

/** One thing to bring into the {@code users} table, in the order the changes arrived. */
public sealed interface UserChange {

    String userId();

    /** Clerk's state of a user: stored unless the row or a tombstone is newer. */
    record Mirror(ClerkUser user) implements UserChange {
        @Override
        public String userId() {
            return user.id();
        }
    }

    /** The user was deleted at {@code deletedAt}: the row goes, a tombstone stays. */
    record Delete(String userId, Instant deletedAt) implements UserChange {
    }

    /**
     * A user Clerk no longer lists, found by a reconcile that began at {@code listedSince}: deleted
     * at {@code deletedAt} like {@link Delete}, unless its row was written since (a webhook may have
     * brought a user Clerk created after the list was walked) or it has no row.
     */
    record DeleteUnlisted(String userId, Instant deletedAt, Instant listedSince) implements UserChange {
    }

    /** A placeholder for a signed-in user Clerk could not describe, unless the user has a row or was deleted. */
    record Provisional(String userId) implements UserChange {
    }
}

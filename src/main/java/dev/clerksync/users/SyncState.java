package dev.clerksync.users;

import dev.clerksync.sync.SyncOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync's rules, decided in memory for a batch of changes: the users the batch touches as they
 * are in the database, then as each change leaves them, in arrival order. Nothing here talks to
 * the database; {@link UserBatch} reads what the rules need to see and writes {@link #writes()}.
 *
 * <p>It must see every row the batch's changes can meet: the changed users themselves, every row
 * holding an incoming email key, and every row holding an incoming username base. Rows with a
 * username that merely starts with a base are needed only when the base is taken: when a decision
 * needed such a prefix and was not given it, {@link #missingPrefixes()} names it, and the batch
 * reads it and decides again from the start.
 */
final class SyncState {

    private static final Logger LOG = LoggerFactory.getLogger(SyncState.class);

    private final RolePolicy roles;
    private final Instant now;
    private final Map<String, UserRow> stored = new HashMap<>();
    private final Map<String, UserRow> current = new HashMap<>();
    private final Map<String, Instant> tombstones = new HashMap<>();
    private final Map<String, Instant> newTombstones = new LinkedHashMap<>();
    private final Map<String, String> emailHolders = new HashMap<>();
    private final UsernameHolders usernames;
    private final Set<String> touched = new LinkedHashSet<>();
    private final Set<String> changed = new HashSet<>();
    private final Map<String, SyncWrites.EmailRelease> releases = new LinkedHashMap<>();

    /**
     * @param rows       the stored rows the batch can meet (see the class comment)
     * @param tombstones deletion times of the batch's users that have a tombstone
     * @param usernamesByPrefix for each username prefix read so far, the stored rows whose key starts with it
     */
    SyncState(RolePolicy roles, Instant now, Collection<UserRow> rows, Map<String, Instant> tombstones,
            Map<String, Map<String, String>> usernamesByPrefix) {
        this.roles = roles;
        this.now = now;
        this.usernames = new UsernameHolders(usernamesByPrefix, current::containsKey);
        this.tombstones.putAll(tombstones);
        for (UserRow row : rows) {
            stored.put(row.id(), row);
            current.put(row.id(), row);
            index(row);
        }
    }

    /** Keys {@link UserBatch} must load rows by, so that this state sees every holder they can meet. */
    static Set<String> emailKeys(List<UserChange> changes) {
        Set<String> keys = new HashSet<>();
        for (UserChange change : changes) {
            if (change instanceof UserChange.Mirror mirror && mirror.user().email() != null) {
                keys.add(Keys.fold(mirror.user().email()));
            }
        }
        return keys;
    }

    static Set<String> usernameKeys(List<UserChange> changes) {
        Set<String> keys = new HashSet<>();
        for (UserChange change : changes) {
            String base = change instanceof UserChange.Mirror mirror ? Usernames.base(mirror.user()) : Usernames.FALLBACK;
            keys.add(Keys.fold(base));
        }
        return keys;
    }

    /** Applies one change on top of those before it. */
    Change apply(UserChange change) {
        changed.add(change.userId());
        UserRow before = current.get(change.userId());
        // Java 17 has no pattern switch: one instanceof per kind of change, in the order of UserChange.
        if (change instanceof UserChange.Mirror mirror) {
            return mirror(before, mirror.user());
        }
        if (change instanceof UserChange.Delete delete) {
            return delete(before, delete.userId(), delete.deletedAt());
        }
        if (change instanceof UserChange.DeleteUnlisted unlisted) {
            return before == null || !before.updatedAt().isBefore(unlisted.listedSince())
                    ? Change.of(before, before) : delete(before, unlisted.userId(), unlisted.deletedAt());
        }
        return provisional(before, change.userId());
    }

    /** The prefixes a decision needed and was not given (see the class comment): empty when every decision stands. */
    Set<String> missingPrefixes() {
        return usernames.missingPrefixes();
    }

    /** What one change did: its outcome and the user's row before and after it (null: no row). */
    record Change(SyncOutcome outcome, UserRow before, UserRow after) {

        static Change stale(UserRow row) {
            return new Change(SyncOutcome.STALE, row, row);
        }

        /** An applied change, named for what it did to the row. */
        static Change of(UserRow before, UserRow after) {
            if (before == null) {
                return new Change(after == null ? SyncOutcome.UNCHANGED : SyncOutcome.CREATED, null, after);
            }
            if (after == null) {
                return new Change(SyncOutcome.DELETED, before, null);
            }
            return new Change(before.sameApartFromWriteTime(after) ? SyncOutcome.UNCHANGED : SyncOutcome.UPDATED,
                    before, after);
        }
    }

    private Change mirror(UserRow before, ClerkUser clerk) {
        if (before == null ? isBuried(clerk) : before.isNewerThan(clerk.updatedAt())) {
            return Change.stale(before);
        }
        String email = clerk.email();
        if (email != null && (before == null || !Keys.fold(email).equals(before.emailKey()))) {
            email = claimEmail(clerk);
        }
        String username = usernames.usernameOf(before, clerk);
        UserRow after = UserRow.mirror(clerk, email, username, roles.roleOf(clerk),
                before == null ? now : before.createdAt(), now);
        put(clerk.id(), after);
        return Change.of(before, after);
    }

    private Change delete(UserRow before, String userId, Instant deletedAt) {
        put(userId, null);
        tombstones.merge(userId, deletedAt, SyncState::later);
        newTombstones.merge(userId, deletedAt, SyncState::later);
        return Change.of(before, null);
    }

    private Change provisional(UserRow before, String userId) {
        if (before != null || tombstones.containsKey(userId)) {
            return Change.stale(before);
        }
        UserRow after = UserRow.provisional(userId, usernames.unique(Usernames.FALLBACK, userId), roles.defaultRole(), now);
        put(userId, after);
        return Change.of(null, after);
    }

    private boolean isBuried(ClerkUser clerk) {
        Instant deletedAt = tombstones.get(clerk.id());
        return deletedAt != null && !clerk.updatedAt().isAfter(deletedAt);
    }

    /**
     * Clerk keeps emails unique among live users, so when another row holds this email one of the
     * two is out of date: the older Clerk version gives it up. Usually that is the other row; when
     * this event is the older one (a late delivery), this user is stored without the email until
     * its newer state arrives. Answers the email to store.
     */
    private String claimEmail(ClerkUser clerk) {
        String holderId = emailHolders.get(Keys.fold(clerk.email()));
        if (holderId == null || holderId.equals(clerk.id())) {
            return clerk.email();
        }
        UserRow holder = current.get(holderId);
        if (holder.provisional() || holder.clerkUpdatedAt() == null || !holder.clerkUpdatedAt().isAfter(clerk.updatedAt())) {
            LOG.warn("Email of user {} cleared: user {} holds it in a newer Clerk state; {} is stale until its next event",
                    holderId, clerk.id(), holderId);
            put(holderId, holder.withoutEmail(now));
            releases.put(holderId, new SyncWrites.EmailRelease(holderId, holder.emailKey(), clerk.updatedAt()));
            return clerk.email();
        }
        LOG.warn("User {} stored without its email: user {} holds it in a newer Clerk state", clerk.id(), holderId);
        return null;
    }

    /** Makes {@code row} (null: no row) the user's current state, and keeps the key indexes in step. */
    private void put(String userId, UserRow row) {
        UserRow old = current.get(userId);
        if (old != null) {
            emailHolders.remove(old.emailKey(), userId);
            usernames.release(old.usernameKey(), userId);
        }
        current.put(userId, row);
        if (row != null) {
            index(row);
        }
        touched.add(userId);
    }

    private void index(UserRow row) {
        if (row.email() != null) {
            emailHolders.put(row.emailKey(), row.id());
        }
        usernames.hold(row.usernameKey(), row.id());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * The statements that bring the database to this state: each touched user's final row written
     * once (uniqueness is checked at commit, so the order of the rows does not matter), and a
     * change notification for every row that is inserted, updated or deleted. A row that ends
     * as it was stored is not written at all.
     */
    SyncWrites writes() {
        List<String> deletes = new ArrayList<>();
        List<UserRow> upserts = new ArrayList<>();
        List<SyncWrites.Notification> notifications = new ArrayList<>();
        List<SyncWrites.EmailRelease> unlockedReleases = new ArrayList<>();
        for (String userId : touched) {
            if (!changed.contains(userId)) {
                // A holder that only lost its email: the caller holds no lock on it, so another
                // transaction may be changing it; a full row from our earlier read could undo that.
                unlockedReleases.add(releases.get(userId));
                continue;
            }
            UserRow row = current.get(userId);
            UserRow was = stored.get(userId);
            if (row == null) {
                if (was != null) {
                    deletes.add(userId);
                    notifications.add(new SyncWrites.Notification(userId, "deleted"));
                }
            } else if (was == null || !row.sameApartFromWriteTime(was)) {
                upserts.add(row);
                notifications.add(new SyncWrites.Notification(userId, was == null ? "created" : "updated"));
            }
        }
        return new SyncWrites(deletes, upserts, Map.copyOf(newTombstones), unlockedReleases, notifications);
    }
}

package dev.clerksync.users;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Check-then-update of users, inside the caller's transaction, for one change or a batch of them:
 * the webhook, set-role, {@code /api/me} and reconcile all come through here, so their semantics
 * cannot drift. The caller takes {@link #lock} on every user first, so the check and the update see
 * no concurrent change to those users. A batch costs the same few statements as one change: load
 * the rows and tombstones the rules need, decide in memory ({@link SyncState}), write once.
 */
public final class UserSync {

    private final RolePolicy roles;
    private final Clock clock;

    public UserSync(RolePolicy roles, Clock clock) {
        this.roles = roles;
        this.clock = clock;
    }

    /**
     * A scalar subquery that takes the locks of the user ids in its one {@code text[]} parameter
     * and counts them: for a statement that takes the locks and reads something else in the same
     * round trip. What it reads is read with a snapshot from before the locks were granted.
     */
    public static final String LOCKS = UserRows.LOCKS;

    /** A select-list item that takes the lock of the one user id in its {@code text} parameter, as {@link #LOCKS} would. */
    public static final String LOCK_ONE = UserRows.LOCK_ONE;

    /** Holds off every other change to these users until the transaction ends. */
    public void lock(Connection connection, Collection<String> userIds) throws SQLException {
        if (!userIds.isEmpty()) {
            UserRows.lock(connection, userIds);
        }
    }

    /** Applies the changes in order; answers what each did. */
    public List<SyncResult> apply(Connection connection, List<UserChange> changes) throws SQLException {
        List<SyncResult> results = new ArrayList<>(changes.size());
        for (SyncState.Change change : sync(connection, changes)) {
            results.add(change.result());
        }
        return results;
    }

    /**
     * Applies the changes in order or, with {@code write} false (a dry run), only decides them:
     * answers what each did, or would do, to its user's row.
     */
    public List<SyncOutcome> reconcile(Connection connection, List<UserChange> changes, boolean write)
            throws SQLException {
        List<SyncOutcome> outcomes = new ArrayList<>(changes.size());
        for (SyncState.Change change : sync(connection, changes, write)) {
            outcomes.add(SyncOutcome.of(change));
        }
        return outcomes;
    }

    /** Of these users, those whose row was last written before {@code instant}; call it under {@link #lock}. */
    public List<String> writtenBefore(Connection connection, Collection<String> userIds, Instant instant)
            throws SQLException {
        return userIds.isEmpty() ? List.of() : UserRows.writtenBefore(connection, userIds, instant);
    }

    List<SyncState.Change> sync(Connection connection, List<UserChange> changes) throws SQLException {
        return sync(connection, changes, true);
    }

    private List<SyncState.Change> sync(Connection connection, List<UserChange> changes, boolean write)
            throws SQLException {
        if (changes.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        changes.forEach(change -> ids.add(change.userId()));
        Instant now = clock.instant();
        UserRows.Stored stored = UserRows.load(connection, ids, SyncState.emailKeys(changes),
                SyncState.usernameKeys(changes));
        SyncState state = new SyncState(roles, now, stored.rows(), stored.tombstones(),
                prefix -> UserRows.usernameKeysWithPrefix(connection, prefix));
        List<SyncState.Change> done = new ArrayList<>(changes.size());
        for (UserChange change : changes) {
            done.add(state.apply(change));
        }
        if (write) {
            UserWrites.write(connection, state.writes());
        }
        return done;
    }
}

package dev.clerksync.users;

import dev.clerksync.persistence.RoundTrip;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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

    /** Holds off every other change to these users until the transaction ends. */
    public void lock(Connection connection, Collection<String> userIds) throws SQLException {
        if (!userIds.isEmpty()) {
            RoundTrip.run(connection, UserRows.lock(userIds));
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
        UserBatch batch = batch(changes);
        RoundTrip.run(connection, batch.load());
        List<SyncState.Change> done = new ArrayList<>(changes.size());
        for (UserChange change : changes) {
            done.add(batch.decide(connection, change));
        }
        if (write) {
            RoundTrip.run(connection, batch.write());
        }
        return done;
    }

    /**
     * A batch of changes whose statements the caller sends in its own round trips (see
     * {@link UserBatch}); {@code candidates} are every change it may apply.
     */
    public UserBatch batch(List<UserChange> candidates) {
        return new UserBatch(roles, clock.instant(), candidates);
    }
}

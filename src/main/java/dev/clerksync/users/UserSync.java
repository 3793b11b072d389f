package dev.clerksync.users;

import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.sync.ChangeBatch;
import dev.clerksync.sync.Sync;
import dev.clerksync.sync.SyncOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * The one way into the users' rules: every caller (the webhook's batches, set-role, {@code /api/me},
 * reconcile, replay) goes through a {@link UserBatch}, inside its own transaction, so their
 * semantics cannot drift. The webhook sends a batch's statements in round trips of its own;
 * everyone else asks {@link #apply} or {@link #decide}, which send them alone.
 */
public final class UserSync implements Sync<UserChange> {

    private final RolePolicy roles;
    private final UserRepository users;
    private final Clock clock;

    public UserSync(RolePolicy roles, UserRepository users, Clock clock) {
        this.roles = roles;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public ChangeBatch<UserChange> batch(List<UserChange> candidates) {
        return newBatch(candidates);
    }

    /** Locks the changes' users, applies the changes in order and writes them: answers what each did. */
    public List<SyncOutcome> apply(Connection connection, List<UserChange> changes) throws SQLException {
        return run(connection, changes, true).stream().map(SyncState.Change::outcome).toList();
    }

    /** The same without writing (a dry run): answers what each change would do. */
    public List<SyncOutcome> decide(Connection connection, List<UserChange> changes) throws SQLException {
        return run(connection, changes, false).stream().map(SyncState.Change::outcome).toList();
    }

    /** One change, applied, with the user's row before and after it. */
    SyncState.Change applyOne(Connection connection, UserChange change) throws SQLException {
        return run(connection, List.of(change), true).get(0);
    }

    private List<SyncState.Change> run(Connection connection, List<UserChange> changes, boolean write)
            throws SQLException {
        if (changes.isEmpty()) {
            return List.of();
        }
        UserBatch batch = newBatch(changes);
        RoundTrip.run(connection, batch.read());
        List<SyncState.Change> done = batch.changes(connection, changes);
        if (write) {
            RoundTrip.run(connection, batch.write());
        }
        return done;
    }

    private UserBatch newBatch(List<UserChange> candidates) {
        return new UserBatch(roles, clock.instant(), users, candidates);
    }
}

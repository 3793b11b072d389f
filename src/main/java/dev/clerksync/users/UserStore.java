package dev.clerksync.users;

import dev.clerksync.audit.RoleChangeRepository;
import dev.clerksync.persistence.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * Writes Clerk's answers through the same sync path as webhooks, each in its own transaction
 * under the user's lock: so the ordering guards hold, and the webhook Clerk sends afterwards
 * is harmless.
 */
public final class UserStore {

    private final Transactions transactions;
    private final UserSync sync;
    private final RoleChangeRepository roleChanges;
    private final Clock clock;

    public UserStore(Transactions transactions, UserSync sync, RoleChangeRepository roleChanges, Clock clock) {
        this.transactions = transactions;
        this.sync = sync;
        this.roleChanges = roleChanges;
        this.clock = clock;
    }

    /** Applies Clerk's state and answers the row as it now is (a newer local row wins). */
    public Optional<UserView> store(ClerkUser clerk) {
        return transactions.inTransaction(connection ->
                view(syncOne(connection, new UserChange.Mirror(clerk)).after()));
    }

    /** Applies the user Clerk returned after a role change, and records the change. */
    public RoleAssignment assignRole(String actorId, ClerkUser clerk) {
        return transactions.inTransaction(connection -> {
            SyncState.Change change = syncOne(connection, new UserChange.Mirror(clerk));
            String oldRole = change.before() == null ? null : change.before().role();
            Optional<UserView> user = view(change.after());
            if (user.isPresent()) {
                roleChanges.record(connection, actorId, clerk.id(), null, oldRole, user.get().role(), clock.instant());
            }
            return new RoleAssignment(oldRole, user);
        });
    }

    /** A placeholder row for a signed-in user Clerk could not describe; empty when the user was deleted. */
    public Optional<UserView> storeProvisional(String userId) {
        return transactions.inTransaction(connection ->
                view(syncOne(connection, new UserChange.Provisional(userId)).after()));
    }

    private SyncState.Change syncOne(Connection connection, UserChange change) throws SQLException {
        return sync.applyOne(connection, change);
    }

    private static Optional<UserView> view(UserRow row) {
        return Optional.ofNullable(row).map(UserRow::view);
    }

    /** The outcome of {@link #assignRole}: the role before, and the row after (empty: the user was deleted). */
    public record RoleAssignment(String oldRole, Optional<UserView> user) {
    }
}

package dev.clerksync.users;

import dev.clerksync.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Writes Clerk's answers through the same sync path as webhooks, each in its own transaction
 * under the user's lock: so the ordering guards hold, and the webhook Clerk sends afterwards
 * is harmless.
 */
public final class UserStore {

    private static final String RECORD_ROLE_CHANGE = """
            insert into role_changes (actor_id, target_id, old_role, new_role, changed_at) values (?, ?, ?, ?, ?)""";

    private final Transactions transactions;
    private final UserSync sync;
    private final Clock clock;

    public UserStore(Transactions transactions, UserSync sync, Clock clock) {
        this.transactions = transactions;
        this.sync = sync;
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
                recordRoleChange(connection, actorId, clerk.id(), oldRole, user.get().role());
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
        sync.lock(connection, List.of(change.userId()));
        return sync.sync(connection, List.of(change)).get(0);
    }

    private void recordRoleChange(Connection connection, String actorId, String targetId, String oldRole,
            String newRole) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(RECORD_ROLE_CHANGE)) {
            insert.setString(1, actorId);
            insert.setString(2, targetId);
            insert.setString(3, oldRole);
            insert.setString(4, newRole);
            UserRows.setInstant(insert, 5, clock.instant());
            insert.executeUpdate();
        }
    }

    private static Optional<UserView> view(UserRow row) {
        return Optional.ofNullable(row).map(UserRow::view);
    }

    /** The outcome of {@link #assignRole}: the role before, and the row after (empty: the user was deleted). */
    public record RoleAssignment(String oldRole, Optional<UserView> user) {
    }
}

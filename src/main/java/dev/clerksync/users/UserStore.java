package dev.clerksync.users;

import dev.clerksync.persistence.Transactions;
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
    private final Clock clock;

    public UserStore(Transactions transactions, UserSync sync, Clock clock) {
        this.transactions = transactions;
        this.sync = sync;
        this.clock = clock;
    }

    /** Applies Clerk's state and answers the row as it now is (a newer local row wins). */
    public Optional<UserView> store(ClerkUser clerk) {
        return transactions.inTransaction(session -> {
            sync.lock(session, clerk.id());
            sync.apply(session, clerk);
            return Optional.ofNullable(session.find(User.class, clerk.id())).map(UserView::of);
        });
    }

    /** Applies the user Clerk returned after a role change, and records the change. */
    public RoleAssignment assignRole(String actorId, ClerkUser clerk) {
        return transactions.inTransaction(session -> {
            sync.lock(session, clerk.id());
            String oldRole = Optional.ofNullable(session.find(User.class, clerk.id())).map(User::getRole).orElse(null);
            sync.apply(session, clerk);
            User user = session.find(User.class, clerk.id());
            session.persist(new RoleChange(actorId, clerk.id(), oldRole, user.getRole(), clock.instant()));
            return new RoleAssignment(oldRole, UserView.of(user));
        });
    }

    /** A placeholder row for a signed-in user Clerk could not describe; empty when the user was deleted. */
    public Optional<UserView> storeProvisional(String userId) {
        return transactions.inTransaction(session -> {
            sync.lock(session, userId);
            return sync.applyProvisional(session, userId).map(UserView::of);
        });
    }

    /** The outcome of {@link #assignRole}: the role before, and the row after. */
    public record RoleAssignment(String oldRole, UserView user) {
    }
}

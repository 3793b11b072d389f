package dev.clerksync.organizations;

import dev.clerksync.audit.RoleChangeRepository;
import dev.clerksync.persistence.Transactions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Stores a membership Clerk returned after a role change, through the sync path, and records the
 * change in the role audit trail, in one transaction.
 */
public final class MembershipStore {

    private final Transactions transactions;
    private final OrganizationSync sync;
    private final OrganizationRepository organizations;
    private final RoleChangeRepository roleChanges;
    private final Clock clock;

    public MembershipStore(Transactions transactions, OrganizationSync sync, OrganizationRepository organizations,
            RoleChangeRepository roleChanges, Clock clock) {
        this.transactions = transactions;
        this.sync = sync;
        this.organizations = organizations;
        this.roleChanges = roleChanges;
        this.clock = clock;
    }

    /**
     * Applies Clerk's membership (a newer local one wins, a tombstone holds) and records that
     * {@code actorId} changed its role; empty when the membership is not stored here afterwards
     * (its organization or the membership was deleted by a newer event).
     */
    public Optional<RoleAssignment> assignRole(String actorId, OrganizationChange.MirrorMembership clerk) {
        String organizationId = clerk.membership().organizationId();
        String userId = clerk.membership().userId();
        return transactions.inTransaction(connection -> {
            // Read before the sync takes its locks: a webhook committing in between makes the
            // recorded old role one version older, never a role that was not held.
            Optional<String> oldRole = organizations.membership(connection, organizationId, userId)
                    .map(MembershipRow::role);
            sync.apply(connection, List.of(clerk));
            Optional<MembershipRow> after = organizations.membership(connection, organizationId, userId);
            if (after.isPresent()) {
                roleChanges.record(connection, actorId, userId, organizationId, oldRole.orElse(null),
                        after.get().role(), clock.instant());
            }
            return after.map(row -> new RoleAssignment(oldRole.orElse(null), row));
        });
    }

    /** @param oldRole null when no membership was stored before */
    public record RoleAssignment(String oldRole, MembershipRow membership) {
    }
}

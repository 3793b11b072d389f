package dev.clerksync.api;

import dev.clerksync.auth.AccessDeniedException;
import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.metrics.SyncMetrics;
import dev.clerksync.organizations.MembershipRow;
import dev.clerksync.organizations.MembershipStore;
import dev.clerksync.organizations.OrganizationRepository;
import dev.clerksync.users.UserRepository;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delegated administration of roles inside an organization: a global administrator, or an
 * administrator of that organization, sets another member's role in Clerk; the membership Clerk
 * returns goes through the sync path and the change is audited. Both roles are read from the
 * mirror, never from token claims, which can lag a demotion.
 */
public final class MemberRoles {

    private static final Logger LOG = LoggerFactory.getLogger(MemberRoles.class);

    private final ClerkClient clerk;
    private final MembershipStore store;
    private final OrganizationRepository organizations;
    private final UserRepository users;
    private final Policy policy;
    private final SyncMetrics metrics;

    /**
     * @param adminRole             the global role that may change roles in any organization
     * @param organizationRoles     the roles that may be given
     * @param organizationAdminRole the membership role that may change roles in its own organization
     */
    public record Policy(String adminRole, Set<String> organizationRoles, String organizationAdminRole) {

        /**
         * Refuses what no call to Clerk could make right: a caller who administers neither every
         * organization nor this one, the caller's own membership, a role that may not be given.
         *
         * @param callerRole           the caller's global role here, if the caller is synced
         * @param callerMembershipRole the caller's role in the organization, if a member
         */
        void check(String callerId, Optional<String> callerRole, Optional<String> callerMembershipRole,
                String organizationId, String userId, String role) {
            if (!callerRole.map(adminRole::equals).orElse(false)
                    && !callerMembershipRole.map(organizationAdminRole::equals).orElse(false)) {
                throw new AccessDeniedException("the caller is neither an administrator nor an "
                        + organizationAdminRole + " of " + organizationId);
            }
            if (callerId.equals(userId)) {
                throw new AccessDeniedException("members cannot change their own role");
            }
            if (!organizationRoles.contains(role)) {
                throw new InvalidRequestException("role must be one of " + organizationRoles);
            }
        }
    }

    public MemberRoles(ClerkClient clerk, MembershipStore store, OrganizationRepository organizations,
            UserRepository users, Policy policy, SyncMetrics metrics) {
        this.clerk = clerk;
        this.store = store;
        this.organizations = organizations;
        this.users = users;
        this.policy = policy;
        this.metrics = metrics;
    }

    /** Checks, then sets {@code userId}'s role in the organization, in Clerk and here; answers the membership. */
    MembershipRow assign(String callerId, String organizationId, String userId, String role) {
        policy.check(callerId, users.roleOf(callerId),
                organizations.membership(organizationId, callerId).map(MembershipRow::role), organizationId, userId,
                role);
        MembershipStore.RoleAssignment assignment = store.assignRole(callerId,
                clerk.setOrganizationRole(organizationId, userId, role))
                // Clerk has the membership, but a newer deletion reached us first: here it is gone.
                .orElseThrow(() -> new ClerkApiException.NotFound("membership of user " + userId
                        + " in organization " + organizationId));
        metrics.organizationRoleChanged();
        LOG.info("Role of user {} in organization {} changed from {} to {} by {}", userId, organizationId,
                assignment.oldRole(), assignment.membership().role(), callerId);
        return assignment.membership();
    }
}

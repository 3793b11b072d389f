package dev.clerksync.admin;

import dev.clerksync.clerk.ClerkUserJson;
import dev.clerksync.auth.AccessDeniedException;
import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.metrics.SyncMetrics;
import dev.clerksync.users.ClerkUser;
import dev.clerksync.users.RolePolicy;
import dev.clerksync.users.UserStore;
import dev.clerksync.users.UserView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets one user's role, the one path for set-role and set-roles: writes it into Clerk's
 * {@code public_metadata}, then stores the user Clerk returns through the sync path and records
 * the change.
 */
public final class RoleAssigner {

    private static final Logger LOG = LoggerFactory.getLogger(RoleAssigner.class);

    private final ClerkClient clerk;
    private final UserStore users;
    private final RolePolicy roles;
    private final SyncMetrics metrics;

    public RoleAssigner(ClerkClient clerk, UserStore users, RolePolicy roles, SyncMetrics metrics) {
        this.clerk = clerk;
        this.users = users;
        this.roles = roles;
        this.metrics = metrics;
    }

    /** Refuses what no call to Clerk could make right: a malformed id, an unknown role, the caller's own id. */
    void check(String callerId, String targetUserId, String role) {
        if (!ClerkUserJson.ID.matcher(targetUserId).matches()) {
            throw new InvalidRequestException("targetUserId must be a Clerk user id (user_…)");
        }
        if (!roles.allows(role)) {
            throw new InvalidRequestException("role must be one of " + roles.allowed());
        }
        if (callerId.equals(targetUserId)) {
            throw new AccessDeniedException("administrators cannot change their own role");
        }
    }

    /** Checks, then sets the role in Clerk and here; answers the user as stored. */
    UserView assign(String callerId, String targetUserId, String role) {
        check(callerId, targetUserId, role);
        ClerkUser updated = clerk.setRole(targetUserId, role);
        UserStore.RoleAssignment assignment = users.assignRole(callerId, updated);
        // Clerk has the user, but a newer deletion reached us first: locally the user is gone.
        UserView user = assignment.user().orElseThrow(() -> ClerkApiException.NotFound.user(targetUserId));
        metrics.roleChanged();
        LOG.info("Role of user {} changed from {} to {} by {}", targetUserId, assignment.oldRole(), user.role(),
                callerId);
        return user;
    }
}

package dev.clerksync.admin;

import static dev.clerksync.http.JsonFields.parseObject;
import static dev.clerksync.http.JsonFields.requiredString;

import dev.clerksync.auth.AccessDeniedException;
import dev.clerksync.auth.Caller;
import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.http.BodyReader;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.metrics.SyncMetrics;
import dev.clerksync.users.ClerkUser;
import dev.clerksync.users.RolePolicy;
import dev.clerksync.users.UserStore;
import dev.clerksync.users.UserView;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/admin/set-role}: writes the role into Clerk's {@code public_metadata}, then
 * stores the user Clerk returns through the sync path and records the change. AdminFilter has
 * already checked that the caller is an administrator.
 */
public final class SetRoleServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(SetRoleServlet.class);
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final transient BodyReader bodyReader = new BodyReader(MAX_BODY_BYTES);
    private final transient ClerkClient clerk;
    private final transient UserStore users;
    private final transient RolePolicy roles;
    private final transient SyncMetrics metrics;
    private final transient JsonResponses json;

    public SetRoleServlet(ClerkClient clerk, UserStore users, RolePolicy roles, SyncMetrics metrics,
            JsonResponses json) {
        this.metrics = metrics;
        this.clerk = clerk;
        this.users = users;
        this.roles = roles;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Caller caller = Caller.of(request);
        JsonObject body = parseObject(bodyReader.read(request));
        String targetUserId = requiredString(body, "body", "targetUserId");
        String role = requiredString(body, "body", "role");
        if (!ClerkUser.ID.matcher(targetUserId).matches()) {
            throw new InvalidRequestException("targetUserId must be a Clerk user id (user_…)");
        }
        if (!roles.allows(role)) {
            throw new InvalidRequestException("role must be one of " + roles.allowed());
        }
        if (caller.userId().equals(targetUserId)) {
            throw new AccessDeniedException("administrators cannot change their own role");
        }
        ClerkUser updated = clerk.setRole(targetUserId, role);
        UserStore.RoleAssignment assignment = users.assignRole(caller.userId(), updated);
        // Clerk has the user, but a newer deletion reached us first: locally the user is gone.
        UserView user = assignment.user().orElseThrow(() -> new ClerkApiException.NotFound(targetUserId));
        metrics.roleChanged();
        LOG.info("Role of user {} changed from {} to {} by {}", targetUserId, assignment.oldRole(), user.role(),
                caller.userId());
        json.write(response, HttpServletResponse.SC_OK, new Answer(true, "User role updated to " + user.role(),
                Summary.of(user)));
    }

    /** DESIGN.md's answer shape. */
    public record Answer(boolean success, String message, Summary user) {
    }

    public record Summary(String id, String email, String firstName, String lastName, String role) {
        static Summary of(UserView user) {
            return new Summary(user.id(), user.email(), user.firstName(), user.lastName(), user.role());
        }
    }
}

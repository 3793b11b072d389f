package dev.clerksync.admin;

import static dev.clerksync.http.JsonFields.parseObject;
import static dev.clerksync.http.JsonFields.requiredString;

import dev.clerksync.auth.Caller;
import dev.clerksync.http.BodyReader;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.users.UserView;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /api/admin/set-role}: writes the role into Clerk's {@code public_metadata}, then
 * stores the user Clerk returns through the sync path and records the change. AdminFilter has
 * already checked that the caller is an administrator.
 */
public final class SetRoleServlet extends Endpoint {

    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final transient BodyReader bodyReader = new BodyReader(MAX_BODY_BYTES);
    private final transient RoleAssigner roles;
    private final transient JsonResponses json;

    public SetRoleServlet(RoleAssigner roles, JsonResponses json) {
        this.roles = roles;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Caller caller = Caller.of(request);
        JsonObject body = parseObject(bodyReader.read(request));
        String targetUserId = requiredString(body, "body", "targetUserId");
        String role = requiredString(body, "body", "role");
        UserView user = roles.assign(caller.userId(), targetUserId, role);
        json.write(response, HttpServletResponse.SC_OK, new Answer(true, "User role updated to " + user.role(),
                Summary.of(user)));
    }

    /** The answer's shape, as clients of set-role expect it. */
    public record Answer(boolean success, String message, Summary user) {
    }

    public record Summary(String id, String email, String firstName, String lastName, String role) {
        static Summary of(UserView user) {
            return new Summary(user.id(), user.email(), user.firstName(), user.lastName(), user.role());
        }
    }
}

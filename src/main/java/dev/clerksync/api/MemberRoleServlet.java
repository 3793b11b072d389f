package dev.clerksync.api;

import static dev.clerksync.http.JsonFields.parseObject;
import static dev.clerksync.http.JsonFields.requiredString;

import dev.clerksync.auth.Caller;
import dev.clerksync.clerk.ClerkOrganizationJson;
import dev.clerksync.clerk.ClerkUserJson;
import dev.clerksync.http.BodyReader;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.NotFoundException;
import dev.clerksync.organizations.MemberView;
import dev.clerksync.organizations.MembershipRow;
import dev.clerksync.organizations.OrganizationDirectory;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/organizations/{orgId}/members/{userId}/role} {@code {"role":"org:admin"}}: sets
 * a member's role in Clerk and here. Any signed-in caller may ask; {@link MemberRoles} decides.
 */
public final class MemberRoleServlet extends Endpoint {

    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Pattern PATH = Pattern.compile("/(" + ClerkOrganizationJson.ORGANIZATION_ID.pattern()
            + ")/members/(" + ClerkUserJson.ID.pattern() + ")/role");

    private final transient BodyReader bodyReader = new BodyReader(MAX_BODY_BYTES);
    private final transient MemberRoles roles;
    private final transient OrganizationDirectory directory;
    private final transient JsonResponses json;

    public MemberRoleServlet(MemberRoles roles, OrganizationDirectory directory, JsonResponses json) {
        this.roles = roles;
        this.directory = directory;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        Matcher target = PATH.matcher(path == null ? "" : path);
        if (!target.matches()) {
            throw new NotFoundException("no such path: /api/organizations" + (path == null ? "" : path));
        }
        JsonObject body = parseObject(bodyReader.read(request));
        String role = requiredString(body, "body", "role");
        MembershipRow membership = roles.assign(Caller.of(request).userId(), target.group(1), target.group(2), role);
        json.write(response, HttpServletResponse.SC_OK, new Answer(true,
                "Organization role updated to " + membership.role(), directory.member(membership)));
    }

    /** The answer's shape, like set-role's. */
    public record Answer(boolean success, String message, MemberView membership) {
    }
}

package dev.clerksync.admin;

import dev.clerksync.clerk.ClerkUserJson;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.NotFoundException;
import dev.clerksync.http.QueryParameters;
import dev.clerksync.organizations.OrganizationDirectory;
import dev.clerksync.users.UserRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/admin/users?role=&limit=&after=}: a page of users by id, and the cursor of the
 * next page; {@code GET /api/admin/users/stats}: counts by role; {@code GET /api/admin/users/{userId}}:
 * one user with its organizations, so other services can ask the mirror what role a user has.
 */
public final class UsersServlet extends Endpoint {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    private static final Pattern ONE = Pattern.compile("/(" + ClerkUserJson.ID.pattern() + ")");

    private final transient UserRepository users;
    private final transient OrganizationDirectory directory;
    private final Set<String> roles;
    private final transient JsonResponses json;

    public UsersServlet(UserRepository users, OrganizationDirectory directory, Set<String> roles,
            JsonResponses json) {
        this.users = users;
        this.directory = directory;
        this.roles = roles;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/stats".equals(request.getPathInfo())) {
            json.write(response, HttpServletResponse.SC_OK, users.stats());
            return;
        }
        String path = request.getPathInfo();
        if (path != null && !"/".equals(path)) {
            Matcher one = ONE.matcher(path);
            if (!one.matches()) {
                throw new NotFoundException("no such path: /api/admin/users" + path);
            }
            String userId = one.group(1);
            json.write(response, HttpServletResponse.SC_OK, users.find(userId).map(directory::withOrganizations)
                    .orElseThrow(() -> new NotFoundException("user " + userId + " is not synced")));
            return;
        }
        QueryParameters query = new QueryParameters(request);
        json.write(response, HttpServletResponse.SC_OK, users.page(query.oneOf("role", roles),
                query.matching("after", ClerkUserJson.ID), query.limit(DEFAULT_LIMIT, MAX_LIMIT)));
    }
}

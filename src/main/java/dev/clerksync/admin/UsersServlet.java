package dev.clerksync.admin;

import dev.clerksync.clerk.ClerkUserJson;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.QueryParameters;
import dev.clerksync.users.ClerkUser;
import dev.clerksync.users.UserRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * {@code GET /api/admin/users?role=&limit=&after=}: a page of users by id, and the cursor of the
 * next page; {@code GET /api/admin/users/stats}: counts by role.
 */
public final class UsersServlet extends Endpoint {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final transient UserRepository users;
    private final Set<String> roles;
    private final transient JsonResponses json;

    public UsersServlet(UserRepository users, Set<String> roles, JsonResponses json) {
        this.users = users;
        this.roles = roles;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/stats".equals(request.getPathInfo())) {
            json.write(response, HttpServletResponse.SC_OK, users.stats());
            return;
        }
        if (request.getPathInfo() != null && !"/".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        QueryParameters query = new QueryParameters(request);
        json.write(response, HttpServletResponse.SC_OK, users.page(query.oneOf("role", roles),
                query.matching("after", ClerkUserJson.ID), query.limit(DEFAULT_LIMIT, MAX_LIMIT)));
    }
}

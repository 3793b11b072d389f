package dev.clerksync.admin;

import dev.clerksync.audit.RoleChangeRepository;
import dev.clerksync.clerk.ClerkOrganizationJson;
import dev.clerksync.clerk.ClerkUserJson;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.QueryParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * {@code GET /api/admin/role-changes?userId=&organizationId=&limit=&after=}: the audit trail of
 * role changes, newest first, optionally of one user (whose role changed) or one organization.
 */
public final class RoleChangesServlet extends Endpoint {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    private static final Pattern CURSOR = Pattern.compile("[1-9][0-9]{0,17}");

    private final transient RoleChangeRepository roleChanges;
    private final transient JsonResponses json;

    public RoleChangesServlet(RoleChangeRepository roleChanges, JsonResponses json) {
        this.roleChanges = roleChanges;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        QueryParameters query = new QueryParameters(request);
        json.write(response, HttpServletResponse.SC_OK, roleChanges.page(query.matching("userId", ClerkUserJson.ID),
                query.matching("organizationId", ClerkOrganizationJson.ORGANIZATION_ID),
                query.matching("after", CURSOR).map(Long::valueOf), query.limit(DEFAULT_LIMIT, MAX_LIMIT)));
    }
}

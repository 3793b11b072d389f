package dev.clerksync.admin;

import dev.clerksync.clerk.ClerkOrganizationJson;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.NotFoundException;
import dev.clerksync.http.QueryParameters;
import dev.clerksync.organizations.OrganizationDirectory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /api/admin/organizations?limit=&after=}: a page of organizations by id, each with its
 * local count of members; {@code /api/admin/organizations/{orgId}}: one;
 * {@code /api/admin/organizations/{orgId}/members?role=&limit=&after=}: a page of its memberships
 * by id, each with its synced user.
 */
public final class OrganizationsServlet extends Endpoint {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    private static final Pattern ONE = Pattern.compile("/(" + ClerkOrganizationJson.ORGANIZATION_ID.pattern()
            + ")(/members)?");
    // Clerk's role keys: org:admin, org:member, custom org:… keys and the legacy admin / basic_member.
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9:_-]{1,256}");

    private final transient OrganizationDirectory directory;
    private final transient JsonResponses json;

    public OrganizationsServlet(OrganizationDirectory directory, JsonResponses json) {
        this.directory = directory;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        QueryParameters query = new QueryParameters(request);
        if (path == null || "/".equals(path)) {
            json.write(response, HttpServletResponse.SC_OK, directory.page(
                    query.matching("after", ClerkOrganizationJson.ORGANIZATION_ID),
                    query.limit(DEFAULT_LIMIT, MAX_LIMIT)));
            return;
        }
        Matcher one = ONE.matcher(path);
        if (!one.matches()) {
            throw new NotFoundException("no such path: /api/admin/organizations" + path);
        }
        String organizationId = one.group(1);
        NotFoundException absent = new NotFoundException("organization " + organizationId + " is not synced");
        if (one.group(2) == null) {
            json.write(response, HttpServletResponse.SC_OK, directory.find(organizationId).orElseThrow(() -> absent));
            return;
        }
        json.write(response, HttpServletResponse.SC_OK, directory.members(organizationId,
                query.matching("role", ROLE), query.matching("after", ClerkOrganizationJson.MEMBERSHIP_ID),
                query.limit(DEFAULT_LIMIT, MAX_LIMIT)).orElseThrow(() -> absent));
    }
}

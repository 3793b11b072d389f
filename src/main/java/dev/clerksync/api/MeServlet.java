package dev.clerksync.api;

import dev.clerksync.auth.Caller;
import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.LogValues;
import dev.clerksync.organizations.OrganizationDirectory;
import dev.clerksync.ratelimit.RateLimiter;
import dev.clerksync.users.UserRepository;
import dev.clerksync.users.UserStore;
import dev.clerksync.users.UserView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/me}: the caller's row, with the organizations the caller belongs to. A user who
 * signed in before their webhook arrived is fetched from Clerk and stored through the sync path;
 * when Clerk cannot answer, a provisional
 * row stands in until any event overwrites it. Those lookups share one bound per node, so that a
 * flood of valid tokens for users we do not know cannot spend Clerk's rate limit, which set-role and
 * reconcile need too: over it, the caller gets a 429 rather than a provisional row.
 */
public final class MeServlet extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(MeServlet.class);
    private static final String CLERK_LOOKUPS = "clerk-lookups";

    private final transient UserRepository users;
    private final transient UserStore store;
    private final transient OrganizationDirectory directory;
    private final transient ClerkClient clerk;
    private final transient RateLimiter clerkLookups;
    private final transient JsonResponses json;

    /** @param clerkLookups the bound on Clerk lookups, one bucket for all callers */
    public MeServlet(UserRepository users, UserStore store, OrganizationDirectory directory, ClerkClient clerk,
            RateLimiter clerkLookups, JsonResponses json) {
        this.users = users;
        this.store = store;
        this.directory = directory;
        this.clerk = clerk;
        this.clerkLookups = clerkLookups;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String userId = Caller.of(request).userId();
        Optional<UserView> user = users.find(userId).or(() -> fetch(userId));
        json.write(response, HttpServletResponse.SC_OK, directory.withOrganizations(
                user.orElseThrow(() -> ClerkApiException.NotFound.user(userId))));
    }

    private Optional<UserView> fetch(String userId) {
        clerkLookups.admit(CLERK_LOOKUPS);
        try {
            return store.store(clerk.user(userId));
        } catch (ClerkApiException.RateLimited | ClerkApiException.Unavailable e) {
            LOG.warn("User {} not yet synced and Clerk failed ({}): storing a provisional row", userId,
                    LogValues.of(e.getMessage()));
            return store.storeProvisional(userId);
        }
    }
}

package dev.clerksync.users;

import dev.clerksync.auth.Caller;
import dev.clerksync.clerk.ClerkApiException;
import dev.clerksync.clerk.ClerkClient;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.LogValues;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/me}: the caller's row. A user who signed in before their webhook arrived is
 * fetched from Clerk and stored through the sync path; when Clerk cannot answer, a provisional
 * row stands in until any event overwrites it.
 */
public final class MeServlet extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(MeServlet.class);

    private final transient UserDirectory directory;
    private final transient UserStore store;
    private final transient ClerkClient clerk;
    private final transient JsonResponses json;

    public MeServlet(UserDirectory directory, UserStore store, ClerkClient clerk, JsonResponses json) {
        this.directory = directory;
        this.store = store;
        this.clerk = clerk;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String userId = Caller.of(request).userId();
        Optional<UserView> user = directory.find(userId).or(() -> fetch(userId));
        json.write(response, HttpServletResponse.SC_OK, user.orElseThrow(() -> new ClerkApiException.NotFound(userId)));
    }

    private Optional<UserView> fetch(String userId) {
        try {
            return store.store(clerk.user(userId));
        } catch (ClerkApiException.RateLimited | ClerkApiException.Unavailable e) {
            LOG.warn("User {} not yet synced and Clerk failed ({}): storing a provisional row", userId,
                    LogValues.of(e.getMessage()));
            return store.storeProvisional(userId);
        }
    }
}

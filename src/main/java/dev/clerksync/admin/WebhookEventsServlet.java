package dev.clerksync.admin;

import dev.clerksync.http.Endpoint;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.QueryParameters;
import dev.clerksync.webhook.WebhookEventRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** {@code GET /api/admin/webhook-events?outcome=failed&limit=50}: delivery records, newest first. */
public final class WebhookEventsServlet extends Endpoint {

    private static final Set<String> OUTCOMES = Set.of("applied", "stale", "ignored", "failed");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final transient WebhookEventRepository events;
    private final transient JsonResponses json;

    public WebhookEventsServlet(WebhookEventRepository events, JsonResponses json) {
        this.events = events;
        this.json = json;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        QueryParameters query = new QueryParameters(request);
        json.write(response, HttpServletResponse.SC_OK, Map.of("events",
                events.recent(query.oneOf("outcome", OUTCOMES), query.limit(DEFAULT_LIMIT, MAX_LIMIT))));
    }
}

package dev.clerksync.admin;

import dev.clerksync.http.Endpoint;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.webhook.DeliveryService;
import dev.clerksync.webhook.Webhooks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/admin/webhook-events/{svixId}/replay}: re-applies a failed delivery's stored
 * payload through the same {@link DeliveryService} as the webhook, answering the new outcome; 400
 * when the delivery fails again (its payload is still malformed, or PostgreSQL refuses its data),
 * exactly as the webhook answers it.
 */
public final class ReplayServlet extends Endpoint {

    private static final Pattern PATH = Pattern.compile("/(.+)/replay");

    private final transient DeliveryService deliveries;
    private final transient JsonResponses json;

    public ReplayServlet(DeliveryService deliveries, JsonResponses json) {
        this.deliveries = deliveries;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher path = PATH.matcher(String.valueOf(request.getPathInfo()));
        if (!path.matches() || !Webhooks.SVIX_ID.matcher(path.group(1)).matches()) {
            throw new InvalidRequestException("the path must be /api/admin/webhook-events/{svixId}/replay");
        }
        DeliveryService.Answer answer = deliveries.replay(path.group(1)).orThrowIfFailed();
        json.write(response, HttpServletResponse.SC_OK, Map.of("status", answer.outcome().label()));
    }
}

package dev.clerksync.admin;

import dev.clerksync.http.Endpoint;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.webhook.Outcome;
import dev.clerksync.webhook.WebhookReplay;
import dev.clerksync.webhook.Webhooks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/admin/webhook-events/{svixId}/replay}: re-applies a failed delivery's stored
 * payload, answering the new outcome; 400 when the payload is still malformed.
 */
public final class ReplayServlet extends Endpoint {

    private static final Pattern PATH = Pattern.compile("/(.+)/replay");

    private final transient WebhookReplay replay;
    private final transient JsonResponses json;

    public ReplayServlet(WebhookReplay replay, JsonResponses json) {
        this.replay = replay;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher path = PATH.matcher(String.valueOf(request.getPathInfo()));
        if (!path.matches() || !Webhooks.SVIX_ID.matcher(path.group(1)).matches()) {
            throw new InvalidRequestException("the path must be /api/admin/webhook-events/{svixId}/replay");
        }
        Outcome outcome = replay.replay(path.group(1));
        if (outcome == Outcome.FAILED) {
            throw new InvalidRequestException("the stored payload is still no usable event; its record counts the attempt");
        }
        json.write(response, HttpServletResponse.SC_OK, Map.of("status", outcome.label()));
    }
}

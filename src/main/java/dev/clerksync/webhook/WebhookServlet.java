package dev.clerksync.webhook;

import dev.clerksync.http.BodyReader;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.persistence.Transactions;
import dev.clerksync.users.UserSync;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/clerk}: DESIGN.md's rules in their order. Size limit, then headers, then
 * the signature over the raw bytes; nothing is parsed before the signature passes.
 */
public final class WebhookServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServlet.class);
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final List<String> SIGNATURE_HEADERS = List.of("id", "timestamp", "signature");

    private final transient BodyReader bodyReader = new BodyReader(MAX_BODY_BYTES);
    private final transient SignatureCheck signatureCheck;
    private final transient WebhookProcessor processor;
    private final transient JsonResponses json;
    private final transient Clock clock;
    private final transient Map<Outcome, JsonResponses.Fixed> answers = new EnumMap<>(Outcome.class);

    public WebhookServlet(List<String> signingSecrets, Transactions transactions, UserSync userSync,
            JsonResponses json, Clock clock) {
        this.signatureCheck = new SignatureCheck(signingSecrets);
        this.processor = new WebhookProcessor(transactions, userSync, clock);
        this.json = json;
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            answers.put(outcome, json.fixed(Map.of("status", outcome.label())));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        Instant receivedAt = clock.instant();
        byte[] body = bodyReader.read(request);
        Map<String, List<String>> headers = signatureHeaders(request);
        String svixId = headers.get("svix-id").get(0);
        try {
            signatureCheck.verify(body, headers);
        } catch (SignatureRejectedException e) {
            LOG.warn("Webhook rejected: svix-id={} reason={}", svixId, e.getMessage());
            throw e;
        }
        WebhookProcessor.Processed processed;
        try {
            processed = processor.process(new Delivery(svixId, body, receivedAt));
        } catch (MalformedEventException e) {
            LOG.warn("Webhook failed: svix-id={} reason={} (payload kept in webhook_events)", svixId, e.getMessage());
            throw e;
        }
        LOG.info("Webhook svix-id={} type={} user={} outcome={} ms={}", svixId, processed.eventType(),
                processed.userId(), processed.outcome().label(), (System.nanoTime() - started) / 1_000_000);
        json.write(response, HttpServletResponse.SC_OK, answers.get(processed.outcome()));
    }

    /** The three headers under their svix-* names, taken from svix-* or else webhook-*. */
    private static Map<String, List<String>> signatureHeaders(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String part : SIGNATURE_HEADERS) {
            String value = request.getHeader("svix-" + part);
            if (value == null) {
                value = request.getHeader("webhook-" + part);
            }
            if (value == null || value.isBlank()) {
                throw new MissingHeadersException("svix-" + part);
            }
            headers.put("svix-" + part, List.of(value));
        }
        return headers;
    }
}

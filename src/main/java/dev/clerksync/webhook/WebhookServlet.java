package dev.clerksync.webhook;

import dev.clerksync.http.BodyReader;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.persistence.DatabaseRefusedException;
import dev.clerksync.persistence.GroupCommit;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
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
    // Svix gives up on an answer after 15 s; a delivery still uncommitted by then is answered 503.
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(10);

    private final transient BodyReader bodyReader = new BodyReader(MAX_BODY_BYTES);
    private final transient SignatureCheck signatureCheck;
    private final transient GroupCommit<Delivery, Outcome> commits;
    private final transient JsonResponses json;
    private final transient Clock clock;
    private final transient Map<Outcome, JsonResponses.Fixed> answers = new EnumMap<>(Outcome.class);

    /** @param commits applies deliveries in batches, each through a {@link DeliveryTransaction} */
    public WebhookServlet(List<String> signingSecrets, GroupCommit<Delivery, Outcome> commits, JsonResponses json,
            Clock clock) {
        this.signatureCheck = new SignatureCheck(signingSecrets);
        this.commits = commits;
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
        Delivery delivery = new Delivery(svixId, body, ClerkEvent.read(body), receivedAt);
        GroupCommit.Committed<Outcome> committed;
        try {
            committed = commits.submit(delivery, COMMIT_WAIT);
        } catch (DatabaseRefusedException e) {
            // A retry would be refused the same way: recorded as failed, like a malformed event,
            // so that Svix does not retry it for a day.
            delivery = delivery.failed("PostgreSQL refused the event's data (" + e.getMessage() + ")");
            committed = commits.submit(delivery, COMMIT_WAIT);
        }
        Outcome outcome = committed.result();
        if (outcome == Outcome.FAILED) {
            String reason = ((ClerkEvent.Malformed) delivery.event()).reason();
            LOG.warn("Webhook failed: svix-id={} reason={} (payload kept in webhook_events)", svixId, reason);
            throw new MalformedEventException(reason);
        }
        LOG.info("Webhook svix-id={} type={} user={} outcome={} batch={} ms={}", svixId, delivery.event().type(),
                delivery.event().userId(), outcome.label(), committed.batchSize(),
                (System.nanoTime() - started) / 1_000_000);
        json.write(response, HttpServletResponse.SC_OK, answers.get(outcome));
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

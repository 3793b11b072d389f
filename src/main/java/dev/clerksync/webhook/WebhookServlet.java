package dev.clerksync.webhook;

import dev.clerksync.http.BodyReader;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.LogValues;
import dev.clerksync.http.PayloadTooLargeException;
import dev.clerksync.metrics.SyncMetrics;
import dev.clerksync.persistence.DatabaseRefusedException;
import dev.clerksync.persistence.DatabaseUnavailableException;
import dev.clerksync.persistence.GroupCommit;
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
 * {@code POST /webhooks/clerk}: the contract's rules in their order. Size limit, then headers, then
 * the signature over the raw bytes; nothing is parsed before the signature passes.
 */
public final class WebhookServlet extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServlet.class);
    private static final String REFUSED = "PostgreSQL refused the event's data";
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final List<String> SIGNATURE_HEADERS = List.of("id", "timestamp", "signature");

    private final transient BodyReader bodyReader = new BodyReader(MAX_BODY_BYTES);
    private final transient SignatureCheck signatureCheck;
    private final transient GroupCommit<Delivery, Outcome> commits;
    private final transient SyncMetrics metrics;
    private final transient JsonResponses json;
    private final transient Clock clock;
    private final transient Map<Outcome, JsonResponses.Fixed> answers = new EnumMap<>(Outcome.class);

    /** @param commits applies deliveries in batches, each through a {@link DeliveryTransaction} */
    public WebhookServlet(List<String> signingSecrets, GroupCommit<Delivery, Outcome> commits, SyncMetrics metrics,
            JsonResponses json, Clock clock) {
        this.signatureCheck = new SignatureCheck(signingSecrets);
        this.commits = commits;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            answers.put(outcome, json.fixed(Map.of("status", outcome.label())));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        Delivery delivery;
        try {
            delivery = receive(request);
        } catch (PayloadTooLargeException | MissingHeadersException | InvalidRequestException
                | SignatureRejectedException e) {
            metrics.delivery(SyncMetrics.UNKNOWN_TYPE, "rejected", System.nanoTime() - started);
            throw e;
        }
        String type = delivery.event().type() == null ? SyncMetrics.UNKNOWN_TYPE : delivery.event().type();
        Committed committed;
        try {
            committed = commit(delivery);
        } catch (DatabaseUnavailableException e) {
            metrics.delivery(type, "unavailable", System.nanoTime() - started);
            throw e;
        }
        Outcome outcome = committed.outcome();
        metrics.delivery(type, outcome.label(), System.nanoTime() - started);
        if (outcome == Outcome.FAILED) {
            LOG.warn("Webhook failed: svix-id={} reason={} (payload kept in webhook_events)",
                    LogValues.of(delivery.svixId()), LogValues.of(committed.reason()));
            throw new MalformedEventException(committed.answer());
        }
        LOG.info("Webhook svix-id={} type={} user={} outcome={} batch={} ms={}", LogValues.of(delivery.svixId()),
                LogValues.of(delivery.event().type()), LogValues.of(delivery.event().userId()), outcome.label(),
                committed.batchSize(),
                (System.nanoTime() - started) / 1_000_000);
        json.write(response, HttpServletResponse.SC_OK, answers.get(outcome));
    }

    /** Size limit, then headers, then the signature over the raw bytes; only then is the body read. */
    private Delivery receive(HttpServletRequest request) throws IOException {
        Instant receivedAt = clock.instant();
        byte[] body = bodyReader.read(request);
        Map<String, List<String>> headers = signatureHeaders(request);
        String svixId = headers.get("svix-id").get(0);
        if (!Webhooks.SVIX_ID.matcher(svixId).matches()) {
            throw new InvalidRequestException("svix-id must be 1 to 256 printable ASCII characters");
        }
        try {
            signatureCheck.verify(body, headers);
        } catch (SignatureRejectedException e) {
            LOG.warn("Webhook rejected: svix-id={} reason={}", LogValues.of(svixId), LogValues.of(e.getMessage()));
            throw e;
        }
        return new Delivery(svixId, body, ClerkEvent.read(body), receivedAt);
    }

    /**
     * Applies the delivery. When PostgreSQL refuses its data, records it as failed instead, like a
     * malformed event: a retry would be refused the same way, so Svix must not retry it for a day.
     */
    private Committed commit(Delivery delivery) {
        try {
            return new Committed(delivery, commits.submit(delivery, Webhooks.COMMIT_WAIT), null);
        } catch (DatabaseRefusedException e) {
            // PostgreSQL's own words go to the record and the log, for the operator, never to the client.
            Delivery failed = delivery.failed(REFUSED + " (" + e.getMessage() + ")");
            return new Committed(failed, commits.submit(failed, Webhooks.COMMIT_WAIT),
                    REFUSED + "; the delivery's record says why");
        }
    }

    /**
     * The delivery as committed (perhaps as failed), its outcome, how many shared its transaction,
     * and, for data the database refused, what the client is told of it.
     */
    private record Committed(Delivery delivery, GroupCommit.Committed<Outcome> commit, String refusal) {
        /** Why a failed delivery failed, as recorded. */
        String reason() {
            return delivery.event() instanceof ClerkEvent.Malformed malformed ? malformed.reason() : "recorded as failed";
        }

        /** Why it failed, as the client is told: a malformed event's reason is the client's own business. */
        String answer() {
            return refusal != null ? refusal : reason();
        }

        Outcome outcome() {
            return commit.result();
        }

        int batchSize() {
            return commit.batchSize();
        }
    }

    /** The three headers under their svix-* names, taken from svix-* or else webhook-*. */
    static Map<String, List<String>> signatureHeaders(HttpServletRequest request) {
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

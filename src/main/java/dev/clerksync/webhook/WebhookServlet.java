package dev.clerksync.webhook;

import dev.clerksync.http.BodyReader;
import dev.clerksync.http.Endpoint;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.http.JsonResponses;
import dev.clerksync.http.LogValues;
import dev.clerksync.http.PayloadTooLargeException;
import dev.clerksync.metrics.SyncMetrics;
import dev.clerksync.persistence.CommitQueueFullException;
import dev.clerksync.persistence.DatabaseUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/clerk}: the size limit, then the headers, then the {@link DeliveryService}
 * (the signature over the raw bytes, and only then the body), then the answer.
 */
public final class WebhookServlet extends Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServlet.class);
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final List<String> SIGNATURE_HEADERS = List.of("id", "timestamp", "signature");

    private final transient BodyReader bodyReader = new BodyReader(MAX_BODY_BYTES);
    private final transient DeliveryService deliveries;
    private final transient SyncMetrics metrics;
    private final transient JsonResponses json;
    private final transient Map<Outcome, JsonResponses.Fixed> answers = new EnumMap<>(Outcome.class);

    public WebhookServlet(DeliveryService deliveries, SyncMetrics metrics, JsonResponses json) {
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.json = json;
        for (Outcome outcome : Outcome.values()) {
            answers.put(outcome, json.fixed(Map.of("status", outcome.label())));
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        Delivery delivery;
        try {
            delivery = deliveries.verify(bodyReader.read(request), signatureHeaders(request));
        } catch (PayloadTooLargeException | MissingHeadersException | InvalidRequestException
                | SignatureRejectedException e) {
            metrics.delivery(SyncMetrics.UNKNOWN_TYPE, "rejected", System.nanoTime() - started);
            throw e;
        }
        String type = delivery.eventType() == null ? SyncMetrics.UNKNOWN_TYPE : delivery.eventType();
        DeliveryService.Answer answer;
        try {
            answer = deliveries.deliver(delivery);
        } catch (DatabaseUnavailableException e) {
            metrics.delivery(type, "unavailable", System.nanoTime() - started);
            throw e;
        } catch (CommitQueueFullException e) {
            metrics.delivery(type, "overloaded", System.nanoTime() - started);
            throw e;
        }
        Outcome outcome = answer.outcome();
        metrics.delivery(type, outcome.label(), System.nanoTime() - started);
        if (outcome == Outcome.FAILED) {
            LOG.warn("Webhook failed: svix-id={} reason={} (payload kept in webhook_events)",
                    LogValues.of(delivery.svixId()), LogValues.of(answer.reason()));
            answer.orThrowIfFailed();
        }
        LOG.info("Webhook svix-id={} type={} object={} outcome={} batch={} ms={}", LogValues.of(delivery.svixId()),
                LogValues.of(delivery.eventType()), LogValues.of(delivery.objectId()), outcome.label(),
                answer.batchSize(), (System.nanoTime() - started) / 1_000_000);
        json.write(response, HttpServletResponse.SC_OK, answers.get(outcome));
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

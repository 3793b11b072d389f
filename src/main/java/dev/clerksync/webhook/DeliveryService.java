package dev.clerksync.webhook;

import dev.clerksync.http.ConflictException;
import dev.clerksync.http.InvalidRequestException;
import dev.clerksync.http.LogValues;
import dev.clerksync.http.NotFoundException;
import dev.clerksync.persistence.DatabaseRefusedException;
import dev.clerksync.persistence.GroupCommit;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path of a delivery, for the webhook and for replay alike: verify (a delivery from Svix),
 * read the event, apply it and record it in one group-committed transaction, and say what the
 * client is answered. When PostgreSQL refuses an event's data, the delivery is recorded as failed,
 * like a malformed event: a retry would be refused the same way, so nobody should retry it.
 */
public final class DeliveryService {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);
    private static final String REFUSED = "PostgreSQL refused the event's data";

    private final SignatureCheck signatureCheck;
    private final EventTypes events;
    private final GroupCommit<Delivery, Outcome> commits;
    private final WebhookEventRepository records;
    private final Clock clock;

    public DeliveryService(List<String> signingSecrets, EventTypes events, GroupCommit<Delivery, Outcome> commits,
            WebhookEventRepository records, Clock clock) {
        this.signatureCheck = new SignatureCheck(signingSecrets);
        this.events = events;
        this.commits = commits;
        this.records = records;
        this.clock = clock;
    }

    /**
     * A delivery from Svix, verified, for {@link #deliver}: the svix-id's form, then the signature
     * over the raw bytes, and only when it passes is the body parsed.
     *
     * @param headers the three signature headers, under their {@code svix-*} names
     * @throws SignatureRejectedException when no signing secret verifies it
     */
    public Delivery verify(byte[] body, Map<String, List<String>> headers) {
        Instant receivedAt = clock.instant();
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
        return new Delivery(svixId, body, ClerkEvent.read(body, events), receivedAt);
    }

    /**
     * A recorded failed delivery's stored payload, applied again: for after a fix is deployed, when
     * Svix has long stopped retrying a 400. The duplicate check, the ordering guard and the
     * tombstones hold as for any delivery, and the record's outcome and attempts are updated.
     *
     * @throws NotFoundException for an unknown svix-id
     * @throws ConflictException when the record is not a failed one
     */
    public Answer replay(String svixId) {
        WebhookEventRepository.Entry record = records.find(svixId)
                .orElseThrow(() -> new NotFoundException("no delivery recorded with svix-id " + svixId));
        if (!Outcome.FAILED.label().equals(record.outcome())) {
            throw new ConflictException("delivery " + svixId + " is " + record.outcome()
                    + ", not failed: there is nothing to replay");
        }
        byte[] body = record.payload().getBytes(StandardCharsets.UTF_8);
        return deliver(new Delivery(svixId, body, ClerkEvent.read(body, events), record.receivedAt()));
    }

    /** Applies and records a verified delivery, in a batch of the group commit; answers once it is committed. */
    public Answer deliver(Delivery delivery) {
        try {
            return new Answer(delivery, commits.submit(delivery, Webhooks.COMMIT_WAIT), null);
        } catch (DatabaseRefusedException e) {
            // PostgreSQL's own words go to the record and the log, for the operator, never to the client.
            Delivery failed = delivery.failed(REFUSED + " (" + e.getMessage() + ")");
            return new Answer(failed, commits.submit(failed, Webhooks.COMMIT_WAIT),
                    REFUSED + "; the delivery's record says why");
        }
    }

    /**
     * A delivery as committed (perhaps as failed), its outcome, how many shared its transaction, and,
     * for data the database refused, what the client is told of it.
     */
    public static final class Answer {
        private final Delivery delivery;
        private final GroupCommit.Committed<Outcome> commit;
        private final String refusal;

        private Answer(Delivery delivery, GroupCommit.Committed<Outcome> commit, String refusal) {
            this.delivery = delivery;
            this.commit = commit;
            this.refusal = refusal;
        }

        public Outcome outcome() {
            return commit.result();
        }

        public int batchSize() {
            return commit.batchSize();
        }

        /** Why a failed delivery failed, as recorded. */
        public String reason() {
            return delivery.event() instanceof ClerkEvent.Malformed malformed ? malformed.reason() : "recorded as failed";
        }

        /**
         * Throws, for a failed delivery, what the client is told: a malformed event's reason is the
         * client's own business, PostgreSQL's words are not.
         *
         * @throws MalformedEventException (400) when the delivery failed
         */
        public Answer orThrowIfFailed() {
            if (outcome() == Outcome.FAILED) {
                throw new MalformedEventException(refusal != null ? refusal : reason());
            }
            return this;
        }
    }
}

package dev.clerksync.webhook;

import dev.clerksync.http.InvalidJsonException;
import dev.clerksync.persistence.Transactions;
import dev.clerksync.users.UserSync;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.hibernate.Session;

/**
 * Applies one verified delivery in one transaction: the user lock, the duplicate check, the user
 * change and the delivery record commit together or not at all.
 */
final class WebhookProcessor {

    private final Transactions transactions;
    private final UserSync userSync;
    private final Clock clock;

    WebhookProcessor(Transactions transactions, UserSync userSync, Clock clock) {
        this.transactions = transactions;
        this.userSync = userSync;
        this.clock = clock;
    }

    /**
     * @throws MalformedEventException when the body is no usable event (recorded as failed first)
     */
    Processed process(Delivery delivery) {
        ClerkEvent event;
        try {
            event = ClerkEvent.parse(delivery.body());
        } catch (InvalidJsonException e) {
            String type = ClerkEvent.typeOrNull(delivery.body());
            if (recordFailure(delivery, type, e.getMessage()) == Outcome.DUPLICATE) {
                return new Processed(Outcome.DUPLICATE, type, null);
            }
            throw new MalformedEventException(e.getMessage(), e);
        }
        Outcome outcome = transactions.inTransaction(session -> apply(session, delivery, event));
        return new Processed(outcome, event.type(), event.userId());
    }

    /** The outcome, with what the log line names. */
    record Processed(Outcome outcome, String eventType, String userId) {
    }

    private Outcome apply(Session session, Delivery delivery, ClerkEvent event) {
        if (event.userId() != null) {
            userSync.lock(session, event.userId());
        }
        WebhookEvent previous = session.find(WebhookEvent.class, delivery.svixId());
        if (previous != null && previous.wasProcessed()) {
            return Outcome.DUPLICATE;
        }
        Outcome outcome = handle(session, event);
        Instant now = clock.instant();
        if (previous == null) {
            session.persist(new WebhookEvent(delivery, event, outcome, now));
        } else {
            previous.reprocessed(event, outcome, now);
        }
        return outcome;
    }

    private Outcome handle(Session session, ClerkEvent event) {
        if (event instanceof ClerkEvent.UserChanged changed) {
            return Outcome.of(userSync.apply(session, changed.user()));
        }
        if (event instanceof ClerkEvent.UserDeleted deleted) {
            return Outcome.of(userSync.delete(session, deleted.userId(), deleted.deletedAt()));
        }
        return Outcome.IGNORED;
    }

    /**
     * Records a failed delivery with its payload, counting retries of the same svix-id. Answers
     * DUPLICATE when that svix-id was already processed successfully: then this body changes nothing.
     */
    private Outcome recordFailure(Delivery delivery, String type, String error) {
        String payload = new String(delivery.body(), StandardCharsets.UTF_8).replace("\u0000", "");
        int recorded = transactions.inTransaction(session -> session.createNativeMutationQuery("""
                        insert into webhook_events
                            (svix_id, event_type, outcome, error, payload, attempts, received_at, processed_at)
                        values (:svixId, :type, 'failed', :error, :payload, 1, :receivedAt, :now)
                        on conflict (svix_id) do update
                        set attempts = webhook_events.attempts + 1, error = excluded.error,
                            payload = excluded.payload, processed_at = excluded.processed_at
                        where webhook_events.outcome = 'failed'""")
                .setParameter("svixId", delivery.svixId())
                .setParameter("type", type)
                .setParameter("error", error)
                .setParameter("payload", payload)
                .setParameter("receivedAt", delivery.receivedAt())
                .setParameter("now", clock.instant())
                .executeUpdate());
        return recorded == 0 ? Outcome.DUPLICATE : Outcome.FAILED;
    }
}

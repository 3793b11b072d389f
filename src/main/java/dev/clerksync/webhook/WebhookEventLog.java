package dev.clerksync.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.SessionFactory;

/** Reads the delivery records, newest first: what operators look at when something failed. */
public final class WebhookEventLog {

    private final SessionFactory sessionFactory;

    public WebhookEventLog(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public List<Entry> recent(Optional<String> outcome, int limit) {
        return sessionFactory.fromSession(session -> session
                .createSelectionQuery("""
                        from WebhookEvent where (:outcome is null or outcome = :outcome)
                        order by receivedAt desc, svixId""", WebhookEvent.class)
                .setParameter("outcome", outcome.orElse(null))
                .setMaxResults(limit)
                .getResultList()
                .stream().map(Entry::of).toList());
    }

    /** A delivery record as the admin API shows it. */
    public record Entry(String svixId, String eventType, String userId, String outcome, String error,
            String payload, int attempts, Instant receivedAt, Instant processedAt) {

        static Entry of(WebhookEvent event) {
            return new Entry(event.svixId(), event.eventType(), event.userId(), event.outcome(), event.error(),
                    event.payload(), event.attempts(), event.receivedAt(), event.processedAt());
        }
    }
}

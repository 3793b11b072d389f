package dev.clerksync.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One processed delivery, by svix-id: the deduplication key and the audit trail. */
@Entity
@Table(name = "webhook_events")
public class WebhookEvent {

    @Id
    @Column(name = "svix_id")
    private String svixId;

    @Column(name = "event_type")
    private String eventType;

    @Column(name = "user_id")
    private String userId;

    @Column(nullable = false)
    private String outcome;

    private String error;

    private String payload;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    @Column(name = "processed_at", nullable = false)
    private Instant processedAt;

    protected WebhookEvent() {
        // for Hibernate
    }

    WebhookEvent(Delivery delivery, ClerkEvent event, Outcome outcome, Instant processedAt) {
        this.svixId = delivery.svixId();
        this.eventType = event.type();
        this.userId = event.userId();
        this.outcome = outcome.label();
        this.attempts = 1;
        this.receivedAt = delivery.receivedAt();
        this.processedAt = processedAt;
    }

    String svixId() {
        return svixId;
    }

    String eventType() {
        return eventType;
    }

    String userId() {
        return userId;
    }

    String outcome() {
        return outcome;
    }

    String error() {
        return error;
    }

    String payload() {
        return payload;
    }

    int attempts() {
        return attempts;
    }

    Instant receivedAt() {
        return receivedAt;
    }

    Instant processedAt() {
        return processedAt;
    }

    /** A failed delivery was recorded for inspection, not processed: a retry may still apply. */
    boolean wasProcessed() {
        return !Outcome.FAILED.label().equals(outcome);
    }

    /** A retry of a once-failed delivery that now went through. */
    void reprocessed(ClerkEvent event, Outcome newOutcome, Instant now) {
        this.eventType = event.type();
        this.userId = event.userId();
        this.outcome = newOutcome.label();
        this.error = null;
        this.payload = null;
        this.attempts++;
        this.processedAt = now;
    }
}

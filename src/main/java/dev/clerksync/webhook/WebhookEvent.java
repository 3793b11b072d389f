package dev.clerksync.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One processed delivery, by svix-id, as the admin API reads it: the deduplication key and the audit trail. */
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
        // for Hibernate: records are read through this mapping and written by DeliveryTransaction
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
}

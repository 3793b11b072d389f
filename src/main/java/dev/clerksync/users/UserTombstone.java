package dev.clerksync.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Marks a deleted user, so a late create or update cannot bring it back. */
@Entity
@Table(name = "user_tombstones")
public class UserTombstone {

    @Id
    @Column(name = "user_id")
    private String userId;

    @Column(name = "deleted_at", nullable = false)
    private Instant deletedAt;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    protected UserTombstone() {
        // for Hibernate
    }

    /** True when the deletion happened at or after {@code version}: that version is dead. */
    boolean buries(Instant version) {
        return !version.isAfter(deletedAt);
    }

    public Instant getDeletedAt() {
        return deletedAt;
    }
}

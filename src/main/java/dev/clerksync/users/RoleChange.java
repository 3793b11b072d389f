package dev.clerksync.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One role assignment through the admin API: who changed whose role, from what, to what. */
@Entity
@Table(name = "role_changes")
public class RoleChange {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "actor_id", nullable = false)
    private String actorId;

    @Column(name = "target_id", nullable = false)
    private String targetId;

    @Column(name = "old_role")
    private String oldRole;

    @Column(name = "new_role", nullable = false)
    private String newRole;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    protected RoleChange() {
        // for Hibernate
    }

    RoleChange(String actorId, String targetId, String oldRole, String newRole, Instant changedAt) {
        this.actorId = actorId;
        this.targetId = targetId;
        this.oldRole = oldRole;
        this.newRole = newRole;
        this.changedAt = changedAt;
    }

    public String oldRole() {
        return oldRole;
    }

    public String newRole() {
        return newRole;
    }
}

package dev.clerksync.audit;

import java.time.Instant;

/**
 * One entry of the audit trail as the admin API shows it: {@code actorId} changed the role of
 * {@code userId}, in {@code organizationId} or (when null) the user's own role.
 *
 * @param oldRole null when there was no role before (the user or membership was not stored yet)
 */
public record RoleChange(long id, String actorId, String userId, String organizationId, String oldRole,
        String newRole, Instant changedAt) {
}

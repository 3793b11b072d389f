package dev.clerksync.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

/** The only code that writes SQL for {@code role_changes}, the audit trail of role changes. */
final class RoleChangeRepository {

    private static final String RECORD = """
            insert into role_changes (actor_id, target_id, old_role, new_role, changed_at) values (?, ?, ?, ?, ?)""";

    /** Records, in the caller's transaction, that {@code actorId} changed {@code targetId}'s role. */
    void record(Connection connection, String actorId, String targetId, String oldRole, String newRole, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setString(1, actorId);
            insert.setString(2, targetId);
            insert.setString(3, oldRole);
            insert.setString(4, newRole);
            insert.setObject(5, at.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }
}

package dev.clerksync.audit;

import dev.clerksync.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The only code that writes SQL for {@code role_changes}, the audit trail of role changes: a
 * user's role, or a user's role in one organization. Entries are written in the transaction of the
 * change they record, and read newest first.
 */
public final class RoleChangeRepository {

    private static final String RECORD = """
            insert into role_changes (actor_id, target_id, organization_id, old_role, new_role, changed_at)
            values (?, ?, ?, ?, ?, ?)""";
    // Newest first by id: ids are given in commit order of the inserts, so the cursor is one number.
    private static final String PAGE = """
            select id, actor_id, target_id, organization_id, old_role, new_role, changed_at from role_changes
            where (?::text is null or target_id = ?) and (?::text is null or organization_id = ?)
                and (?::bigint is null or id < ?)
            order by id desc limit ?""";

    private final Transactions transactions;

    public RoleChangeRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Records, in the caller's transaction, that {@code actorId} changed {@code targetId}'s role,
     * in {@code organizationId} or (when null) the user's own.
     */
    public void record(Connection connection, String actorId, String targetId, String organizationId, String oldRole,
            String newRole, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setString(1, actorId);
            insert.setString(2, targetId);
            insert.setString(3, organizationId);
            insert.setString(4, oldRole);
            insert.setString(5, newRole);
            insert.setObject(6, at.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    /** Keyset paging, newest first: the entries before {@code beforeId}, optionally of one user or organization. */
    public RoleChangePage page(Optional<String> userId, Optional<String> organizationId, Optional<Long> beforeId,
            int limit) {
        List<RoleChange> found = transactions.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(PAGE)) {
                select.setString(1, userId.orElse(null));
                select.setString(2, userId.orElse(null));
                select.setString(3, organizationId.orElse(null));
                select.setString(4, organizationId.orElse(null));
                select.setObject(5, beforeId.orElse(null), Types.BIGINT);
                select.setObject(6, beforeId.orElse(null), Types.BIGINT);
                select.setInt(7, limit + 1);
                try (ResultSet result = select.executeQuery()) {
                    List<RoleChange> rows = new ArrayList<>();
                    while (result.next()) {
                        rows.add(new RoleChange(result.getLong(1), result.getString(2), result.getString(3),
                                result.getString(4), result.getString(5), result.getString(6),
                                result.getObject(7, OffsetDateTime.class).toInstant()));
                    }
                    return rows;
                }
            }
        });
        boolean more = found.size() > limit;
        List<RoleChange> page = more ? found.subList(0, limit) : found;
        return new RoleChangePage(page, more ? String.valueOf(page.get(page.size() - 1).id()) : null);
    }

    /** @param nextCursor the {@code after} of the next (older) page, or null on the last page */
    public record RoleChangePage(List<RoleChange> roleChanges, String nextCursor) {
    }
}

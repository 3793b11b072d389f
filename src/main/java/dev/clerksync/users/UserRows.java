package dev.clerksync.users;

import dev.clerksync.persistence.PlanMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements that lock and read {@code users} and {@code user_tombstones}, as plain JDBC
 * inside the caller's transaction: a batch of changes costs the same few round trips as a single
 * one. {@link UserWrites} writes them.
 */
final class UserRows {

    /*
     * Serialises every change to a user, across threads and across Tomcat nodes sharing the
     * database, until the transaction ends. Unlike a row lock it also covers users that have no row
     * yet, so a create racing a delete cannot slip between them. Taken in the order of the lock
     * keys, the same on every node, so two batches can wait for each other but never deadlock.
     */
    static final String LOCKS = """
            (select count(pg_advisory_xact_lock(key))
             from (select distinct %s as key from unnest(?::text[]) as ids(id) order by key) as keys)"""
            .formatted(lockKey("id"));

    /** The lock of the one user id in its parameter, for a transaction of one change; the same key as {@link #LOCKS}. */
    static final String LOCK_ONE = "pg_advisory_xact_lock(" + lockKey("?") + ")";

    private static final String LOCK = "select " + LOCKS;

    // A user's row, a tombstone, or both (a tombstone's columns come first, null when the user has none).
    private static final String ROW_AND_TOMBSTONE = """
            select t.user_id, t.deleted_at, u.id, u.email, u.username, u.first_name, u.last_name, u.display_name,
                u.image_url, u.phone_number, u.role, u.public_metadata::text, u.banned, u.last_sign_in_at,
                u.clerk_created_at, u.clerk_updated_at, u.provisional, u.created_at, u.updated_at
            """;

    // The rows the sync must see and the batch's tombstones, in one round trip.
    private static final String LOAD = ROW_AND_TOMBSTONE + """
            from (select * from users where id = any(?) or email_key = any(?) or username_key = any(?)) as u
            full join (select * from user_tombstones where user_id = any(?)) as t on t.user_id = u.id""";

    // The same for one user, with one value per key: each branch is a unique-index lookup, in a
    // cached generic plan too (see PlanMode). A row met by two branches comes twice, which the
    // sync takes as once.
    private static final String LOAD_ONE = ROW_AND_TOMBSTONE + """
            from (select * from users where id = ?
                  union all select * from users where email_key = ?
                  union all select * from users where username_key = ?) as u
            full join (select * from user_tombstones where user_id = ?) as t on t.user_id = u.id""";

    private static final String USERNAME_KEYS_WITH_PREFIX =
            "select id, username_key from users where username_key like ? escape '\\'";

    private UserRows() {
    }

    /** The advisory-lock key of a user id: one function of the id wherever a user's lock is taken. */
    private static String lockKey(String id) {
        return "hashtextextended(" + id + ", 0)";
    }

    static void lock(Connection connection, Collection<String> userIds) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
            lock.setArray(1, texts(connection, userIds));
            lock.execute();
        }
    }

    /** What the sync must see: the rows with one of these ids, email keys or username keys, and the ids' tombstones. */
    static Stored load(Connection connection, Collection<String> ids, Collection<String> emailKeys,
            Collection<String> usernameKeys) throws SQLException {
        boolean one = ids.size() == 1 && emailKeys.size() <= 1 && usernameKeys.size() == 1;
        try (PreparedStatement select = connection.prepareStatement(one ? LOAD_ONE : LOAD)) {
            if (one) {
                String id = ids.iterator().next();
                select.setString(1, id);
                select.setString(2, emailKeys.isEmpty() ? null : emailKeys.iterator().next());
                select.setString(3, usernameKeys.iterator().next());
                select.setString(4, id);
            } else {
                java.sql.Array idArray = texts(connection, ids);
                select.setArray(1, idArray);
                select.setArray(2, texts(connection, emailKeys));
                select.setArray(3, texts(connection, usernameKeys));
                select.setArray(4, idArray);
            }
            List<UserRow> rows = new ArrayList<>();
            Map<String, Instant> tombstones = new HashMap<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    if (result.getString(1) != null) {
                        tombstones.put(result.getString(1), instant(result, 2));
                    }
                    if (result.getString(3) != null) {
                        rows.add(row(result, 3));
                    }
                }
            }
            return new Stored(rows, tombstones);
        }
    }

    /** Stored rows and tombstones' deletion times by user id. */
    record Stored(List<UserRow> rows, Map<String, Instant> tombstones) {
    }

    static Map<String, String> usernameKeysWithPrefix(Connection connection, String prefix) throws SQLException {
        // A generic plan of a LIKE cannot use the index: this one is planned for its prefix.
        PlanMode.customFromNowOn(connection);
        try (PreparedStatement select = connection.prepareStatement(USERNAME_KEYS_WITH_PREFIX)) {
            select.setString(1, escapeLike(prefix) + "%");
            Map<String, String> keys = new HashMap<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    keys.put(result.getString(1), result.getString(2));
                }
            }
            return keys;
        }
    }


    /** The row whose first column is {@code first}. */
    private static UserRow row(ResultSet result, int first) throws SQLException {
        int i = first;
        return new UserRow(result.getString(i++), result.getString(i++), result.getString(i++),
                result.getString(i++), result.getString(i++), result.getString(i++), result.getString(i++),
                result.getString(i++), result.getString(i++), result.getString(i++), result.getBoolean(i++),
                instant(result, i++), instant(result, i++), instant(result, i++), result.getBoolean(i++),
                instant(result, i++), instant(result, i));
    }

    static java.sql.Array texts(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }


    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
    }

    private static final String WRITTEN_BEFORE = "select id from users where id = any(?) and updated_at < ?";

    static List<String> writtenBefore(Connection connection, Collection<String> ids, Instant instant)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(WRITTEN_BEFORE)) {
            select.setArray(1, texts(connection, ids));
            setInstant(select, 2, instant);
            List<String> found = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    found.add(result.getString(1));
                }
            }
            return found;
        }
    }

    private static Instant instant(ResultSet result, int index) throws SQLException {
        OffsetDateTime time = result.getObject(index, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

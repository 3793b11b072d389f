package dev.clerksync.users;

import dev.clerksync.persistence.PlanMode;
import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.persistence.SqlArrays;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements that lock users and look rows up by username prefix or by age, as plain JDBC
 * inside the caller's transaction: a batch of changes costs the same few round trips as a single
 * one. {@link UserLoad} reads what the sync must see; {@link UserWrites} writes it.
 */
final class UserRows {

    /*
     * Serialises every change to a user, across threads and across Tomcat nodes sharing the
     * database, until the transaction ends. Unlike a row lock it also covers users that have no row
     * yet, so a create racing a delete cannot slip between them. Taken in the order of the lock
     * keys, the same on every node, so two batches can wait for each other but never deadlock.
     */
    private static final String LOCK = """
            select count(pg_advisory_xact_lock(key))
            from (select distinct %s as key from unnest(?::text[]) as ids(id) order by key) as keys"""
            .formatted(lockKey("id"));

    // The lock of one user, for a transaction of one change: the same key.
    private static final String LOCK_ONE = "select pg_advisory_xact_lock(" + lockKey("?") + ")";

    private static final String USERNAME_KEYS_WITH_PREFIX =
            "select id, username_key from users where username_key like ? escape '\\'";

    private UserRows() {
    }

    /** The advisory-lock key of a user id: one function of the id wherever a user's lock is taken. */
    private static String lockKey(String id) {
        return "hashtextextended(" + id + ", 0)";
    }

    /** Takes the locks of these users (see {@link #LOCK}). */
    static RoundTrip.Part lock(Collection<String> userIds) {
        boolean one = userIds.size() == 1;
        return RoundTrip.Part.of(one ? LOCK_ONE : LOCK, (statement, index) -> {
            if (one) {
                statement.setString(index + 1, userIds.iterator().next());
            } else {
                statement.setArray(index + 1, SqlArrays.texts(statement.getConnection(), userIds));
            }
            return index + 1;
        });
    }

    static Map<String, String> usernameKeysWithPrefix(Connection connection, String prefix) throws SQLException {
        Map<String, String> keys = new HashMap<>();
        RoundTrip.Part select = new RoundTrip.Part() {
            @Override
            public String sql() {
                return USERNAME_KEYS_WITH_PREFIX;
            }

            @Override
            public int bind(PreparedStatement statement, int index) throws SQLException {
                statement.setString(index + 1, escapeLike(prefix) + "%");
                return index + 1;
            }

            @Override
            public void read(Statement statement) throws SQLException {
                try (ResultSet result = statement.getResultSet()) {
                    while (result.next()) {
                        keys.put(result.getString(1), result.getString(2));
                    }
                }
            }
        };
        // A generic plan of a LIKE cannot use the index: this one is planned for its prefix.
        RoundTrip.run(connection, PlanMode.CUSTOM_FROM_NOW_ON, select);
        return keys;
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
    }

    private static final String WRITTEN_BEFORE = "select id from users where id = any(?) and updated_at < ?";

    static List<String> writtenBefore(Connection connection, Collection<String> ids, Instant instant)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(WRITTEN_BEFORE)) {
            select.setArray(1, SqlArrays.texts(connection, ids));
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

    static Instant instant(ResultSet result, int index) throws SQLException {
        OffsetDateTime time = result.getObject(index, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

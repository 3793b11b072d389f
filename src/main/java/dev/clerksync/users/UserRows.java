package dev.clerksync.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements on {@code users} and {@code user_tombstones}, as plain JDBC inside the caller's
 * transaction: a batch of changes costs the same few round trips as a single one.
 */
final class UserRows {

    /*
     * Serialises every change to a user, across threads and across Tomcat nodes sharing the
     * database, until the transaction ends. Unlike a row lock it also covers users that have no row
     * yet, so a create racing a delete cannot slip between them. Taken in the order of the lock
     * keys, the same on every node, so two batches can wait for each other but never deadlock.
     */
    private static final String LOCK = """
            select pg_advisory_xact_lock(key)
            from (select distinct hashtextextended(id, 0) as key from unnest(?::text[]) as ids(id) order by key) as keys""";

    private static final String COLUMNS = """
            id, email, username, first_name, last_name, display_name, image_url, phone_number, role,
            public_metadata::text, banned, last_sign_in_at, clerk_created_at, clerk_updated_at, provisional,
            created_at, updated_at""";

    private static final String LOAD = "select " + COLUMNS
            + " from users where id = any(?) or email_key = any(?) or username_key = any(?)";

    private static final String TOMBSTONES = "select user_id, deleted_at from user_tombstones where user_id = any(?)";

    private static final String USERNAME_KEYS_WITH_PREFIX =
            "select id, username_key from users where username_key like ? escape '\\'";

    private static final String DELETE = "delete from users where id = any(?)";

    private static final String UPSERT = """
            insert into users (id, email, email_key, username, username_key, first_name, last_name, display_name,
                image_url, phone_number, role, public_metadata, banned, last_sign_in_at, clerk_created_at,
                clerk_updated_at, provisional, created_at, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
            on conflict (id) do update set
                email = excluded.email, email_key = excluded.email_key, username = excluded.username,
                username_key = excluded.username_key, first_name = excluded.first_name,
                last_name = excluded.last_name, display_name = excluded.display_name, image_url = excluded.image_url,
                phone_number = excluded.phone_number, role = excluded.role, public_metadata = excluded.public_metadata,
                banned = excluded.banned, last_sign_in_at = excluded.last_sign_in_at,
                clerk_created_at = excluded.clerk_created_at, clerk_updated_at = excluded.clerk_updated_at,
                provisional = excluded.provisional, updated_at = excluded.updated_at""";

    // Keeps the latest deletion time when a user is deleted more than once.
    private static final String TOMBSTONE = """
            insert into user_tombstones (user_id, deleted_at, recorded_at) values (?, ?, ?)
            on conflict (user_id) do update set deleted_at = greatest(user_tombstones.deleted_at, excluded.deleted_at)""";

    private UserRows() {
    }

    static void lock(Connection connection, Collection<String> userIds) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
            lock.setArray(1, texts(connection, userIds));
            lock.execute();
        }
    }

    /** The rows with one of these ids, email keys or username keys. */
    static List<UserRow> load(Connection connection, Collection<String> ids, Collection<String> emailKeys,
            Collection<String> usernameKeys) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LOAD)) {
            select.setArray(1, texts(connection, ids));
            select.setArray(2, texts(connection, emailKeys));
            select.setArray(3, texts(connection, usernameKeys));
            List<UserRow> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(row(result));
                }
            }
            return rows;
        }
    }

    static Map<String, Instant> tombstones(Connection connection, Collection<String> ids) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(TOMBSTONES)) {
            select.setArray(1, texts(connection, ids));
            Map<String, Instant> deletedAt = new HashMap<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    deletedAt.put(result.getString(1), instant(result, 2));
                }
            }
            return deletedAt;
        }
    }

    static Map<String, String> usernameKeysWithPrefix(Connection connection, String prefix) throws SQLException {
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

    /** One statement per kind of write, each a single round trip whatever the batch's size. */
    static void write(Connection connection, SyncState.Writes writes, Instant now) throws SQLException {
        if (!writes.deletes().isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setArray(1, texts(connection, writes.deletes()));
                delete.executeUpdate();
            }
        }
        if (!writes.upserts().isEmpty()) {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (UserRow row : writes.upserts()) {
                    bind(upsert, row);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        }
        if (!writes.tombstones().isEmpty()) {
            try (PreparedStatement tombstone = connection.prepareStatement(TOMBSTONE)) {
                for (Map.Entry<String, Instant> entry : writes.tombstones().entrySet()) {
                    tombstone.setString(1, entry.getKey());
                    setInstant(tombstone, 2, entry.getValue());
                    setInstant(tombstone, 3, now);
                    tombstone.addBatch();
                }
                tombstone.executeBatch();
            }
        }
    }

    private static void bind(PreparedStatement upsert, UserRow row) throws SQLException {
        upsert.setString(1, row.id());
        upsert.setString(2, row.email());
        upsert.setString(3, row.emailKey());
        upsert.setString(4, row.username());
        upsert.setString(5, row.usernameKey());
        upsert.setString(6, row.firstName());
        upsert.setString(7, row.lastName());
        upsert.setString(8, row.displayName());
        upsert.setString(9, row.imageUrl());
        upsert.setString(10, row.phoneNumber());
        upsert.setString(11, row.role());
        upsert.setString(12, row.publicMetadata());
        upsert.setBoolean(13, row.banned());
        setInstant(upsert, 14, row.lastSignInAt());
        setInstant(upsert, 15, row.clerkCreatedAt());
        setInstant(upsert, 16, row.clerkUpdatedAt());
        upsert.setBoolean(17, row.provisional());
        setInstant(upsert, 18, row.createdAt());
        setInstant(upsert, 19, row.updatedAt());
    }

    private static UserRow row(ResultSet result) throws SQLException {
        return new UserRow(result.getString(1), result.getString(2), result.getString(3), result.getString(4),
                result.getString(5), result.getString(6), result.getString(7), result.getString(8),
                result.getString(9), result.getString(10), result.getBoolean(11), instant(result, 12),
                instant(result, 13), instant(result, 14), result.getBoolean(15), instant(result, 16),
                instant(result, 17));
    }

    static java.sql.Array texts(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
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

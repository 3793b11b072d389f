package dev.clerksync.users;

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
    static final String LOCKS = """
            (select count(pg_advisory_xact_lock(key))
             from (select distinct hashtextextended(id, 0) as key from unnest(?::text[]) as ids(id) order by key) as keys)""";

    private static final String LOCK = "select " + LOCKS;

    // The rows the sync must see and the batch's tombstones, in one round trip: a user row, a
    // tombstone, or both (a tombstone's columns come first, null when the user has none).
    private static final String LOAD = """
            select t.user_id, t.deleted_at, u.id, u.email, u.username, u.first_name, u.last_name, u.display_name,
                u.image_url, u.phone_number, u.role, u.public_metadata::text, u.banned, u.last_sign_in_at,
                u.clerk_created_at, u.clerk_updated_at, u.provisional, u.created_at, u.updated_at
            from (select * from users where id = any(?) or email_key = any(?) or username_key = any(?)) as u
            full join (select * from user_tombstones where user_id = any(?)) as t on t.user_id = u.id""";

    private static final String USERNAME_KEYS_WITH_PREFIX =
            "select id, username_key from users where username_key like ? escape '\\'";

    // Every write of a batch in one statement, whatever its size: the deleted rows go, their
    // tombstones keep the later deletion time, users outside the batch lose an email only if the
    // row as it is now still holds it in an older state (we hold no lock on them), every other
    // touched row is inserted or updated, and each change is announced to LISTENers of
    // clerk_sync_users (delivered only if the transaction commits). No row is written twice, and
    // uniqueness is checked at commit, so the parts need no order among them. The statement holds
    // only the parts a batch needs: each execution is planned for its arguments, and planning all
    // four parts costs more than twice the one a batch of creates and updates needs.
    private static final String REMOVED = """
            removed as (
                delete from users where id = any(?))""";
    private static final String BURIED = """
            buried as (
                insert into user_tombstones (user_id, deleted_at, recorded_at)
                select user_id, deleted_at, now() from unnest(?::text[], ?::timestamptz[]) as t(user_id, deleted_at)
                on conflict (user_id) do update
                set deleted_at = greatest(user_tombstones.deleted_at, excluded.deleted_at))""";
    private static final String RELEASED = """
            released as (
                update users set email = null, email_key = null, updated_at = now()
                from unnest(?::text[], ?::text[], ?::timestamptz[]) as r(user_id, email_key, claimed_at)
                where users.id = r.user_id and users.email_key = r.email_key
                  and (users.provisional or users.clerk_updated_at is null or users.clerk_updated_at <= r.claimed_at)
                returning users.id)""";
    private static final String STORED = """
            stored as (
                insert into users (id, email, email_key, username, username_key, first_name, last_name, display_name,
                    image_url, phone_number, role, public_metadata, banned, last_sign_in_at, clerk_created_at,
                    clerk_updated_at, provisional, created_at, updated_at)
                select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::boolean[], ?::timestamptz[],
                    ?::timestamptz[], ?::timestamptz[], ?::boolean[], ?::timestamptz[], ?::timestamptz[])
                on conflict (id) do update set
                    email = excluded.email, email_key = excluded.email_key, username = excluded.username,
                    username_key = excluded.username_key, first_name = excluded.first_name,
                    last_name = excluded.last_name, display_name = excluded.display_name, image_url = excluded.image_url,
                    phone_number = excluded.phone_number, role = excluded.role, public_metadata = excluded.public_metadata,
                    banned = excluded.banned, last_sign_in_at = excluded.last_sign_in_at,
                    clerk_created_at = excluded.clerk_created_at, clerk_updated_at = excluded.clerk_updated_at,
                    provisional = excluded.provisional, updated_at = excluded.updated_at
                returning 1)""";
    private static final String NOTIFY = """
            select count(pg_notify('clerk_sync_users', json_build_object('id', user_id, 'op', op)::text))
            from (select user_id, op from unnest(?::text[], ?::text[]) as changed(user_id, op)""";
    private static final String NOTIFY_RELEASED = " union all select id, 'updated' from released";

    private UserRows() {
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
        try (PreparedStatement select = connection.prepareStatement(LOAD)) {
            java.sql.Array idArray = texts(connection, ids);
            select.setArray(1, idArray);
            select.setArray(2, texts(connection, emailKeys));
            select.setArray(3, texts(connection, usernameKeys));
            select.setArray(4, idArray);
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

    /** The batch's writes in one round trip. */
    static void write(Connection connection, SyncState.Writes writes) throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        List<UserRow> rows = writes.upserts();
        List<String> buried = new ArrayList<>(writes.tombstones().keySet());
        try (PreparedStatement write = connection.prepareStatement(writeStatement(writes))) {
            int i = 0;
            if (!writes.deletes().isEmpty()) {
                write.setArray(++i, texts(connection, writes.deletes()));
            }
            if (!buried.isEmpty()) {
                write.setArray(++i, texts(connection, buried));
                write.setArray(++i, times(connection, buried.stream().map(writes.tombstones()::get).toList()));
            }
            List<SyncState.EmailRelease> releases = writes.releases();
            if (!releases.isEmpty()) {
                write.setArray(++i, texts(connection, releases.stream().map(SyncState.EmailRelease::userId).toList()));
                write.setArray(++i, texts(connection, releases.stream().map(SyncState.EmailRelease::emailKey).toList()));
                write.setArray(++i, times(connection, releases.stream().map(SyncState.EmailRelease::claimedAt).toList()));
            }
            if (!rows.isEmpty()) {
                i = bindRows(write, i, rows);
            }
            write.setArray(++i, texts(connection, writes.notifications().stream().map(SyncState.Notification::userId).toList()));
            write.setArray(++i, texts(connection, writes.notifications().stream().map(SyncState.Notification::op).toList()));
            write.execute();
        }
    }

    /** The batch's write statement: only the parts it needs, each combination built once. */
    private static String writeStatement(SyncState.Writes writes) {
        return WRITES[(writes.deletes().isEmpty() ? 0 : 1) | (writes.tombstones().isEmpty() ? 0 : 2)
                | (writes.releases().isEmpty() ? 0 : 4) | (writes.upserts().isEmpty() ? 0 : 8)];
    }

    private static final String[] WRITES = new String[16];

    static {
        String[] parts = {REMOVED, BURIED, RELEASED, STORED};
        for (int mask = 0; mask < WRITES.length; mask++) {
            List<String> with = new ArrayList<>();
            for (int part = 0; part < parts.length; part++) {
                if ((mask & (1 << part)) != 0) {
                    with.add(parts[part]);
                }
            }
            WRITES[mask] = (with.isEmpty() ? "" : "with " + String.join(",\n", with) + "\n")
                    + NOTIFY + ((mask & 4) != 0 ? NOTIFY_RELEASED : "") + ") as changes";
        }
    }

    private static int bindRows(PreparedStatement write, int index, List<UserRow> rows) throws SQLException {
        Connection connection = write.getConnection();
        int i = index;
        write.setArray(++i, texts(connection, rows.stream().map(UserRow::id).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::email).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::emailKey).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::username).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::usernameKey).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::firstName).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::lastName).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::displayName).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::imageUrl).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::phoneNumber).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::role).toList()));
            write.setArray(++i, texts(connection, rows.stream().map(UserRow::publicMetadata).toList()));
            write.setArray(++i, booleans(connection, rows.stream().map(UserRow::banned).toList()));
            write.setArray(++i, times(connection, rows.stream().map(UserRow::lastSignInAt).toList()));
            write.setArray(++i, times(connection, rows.stream().map(UserRow::clerkCreatedAt).toList()));
            write.setArray(++i, times(connection, rows.stream().map(UserRow::clerkUpdatedAt).toList()));
            write.setArray(++i, booleans(connection, rows.stream().map(UserRow::provisional).toList()));
            write.setArray(++i, times(connection, rows.stream().map(UserRow::createdAt).toList()));
            write.setArray(++i, times(connection, rows.stream().map(UserRow::updatedAt).toList()));
        return i;
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

    /** As ISO-8601 text, which PostgreSQL casts to timestamptz exactly. */
    private static java.sql.Array times(Connection connection, List<Instant> values) throws SQLException {
        return texts(connection, values.stream().map(time -> time == null ? null : time.toString()).toList());
    }

    private static java.sql.Array booleans(Connection connection, List<Boolean> values) throws SQLException {
        return connection.createArrayOf("bool", values.toArray(new Boolean[0]));
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

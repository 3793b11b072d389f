package dev.clerksync.users;

import dev.clerksync.persistence.PlanMode;
import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.persistence.SqlArrays;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The one statement that writes a batch's decisions on {@code users} and {@code user_tombstones}. */
final class UserWrites {

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
    // Every column of a row, and what an insert that meets the row's id overwrites: all of it.
    private static final String INSERT_USER = """
            insert into users (id, email, email_key, username, username_key, first_name, last_name, display_name,
                image_url, phone_number, role, public_metadata, banned, last_sign_in_at, clerk_created_at,
                clerk_updated_at, provisional, created_at, updated_at)
            """;
    private static final String OR_UPDATE_USER = """
            on conflict (id) do update set
                email = excluded.email, email_key = excluded.email_key, username = excluded.username,
                username_key = excluded.username_key, first_name = excluded.first_name,
                last_name = excluded.last_name, display_name = excluded.display_name, image_url = excluded.image_url,
                phone_number = excluded.phone_number, role = excluded.role, public_metadata = excluded.public_metadata,
                banned = excluded.banned, last_sign_in_at = excluded.last_sign_in_at,
                clerk_created_at = excluded.clerk_created_at, clerk_updated_at = excluded.clerk_updated_at,
                provisional = excluded.provisional, updated_at = excluded.updated_at
            """;
    /**
     * The values of a row in the order of {@link #INSERT_USER}'s columns, for both upserts: text
     * (jsonb and timestamptz are cast from it, times as ISO-8601, which casts exactly) or a boolean.
     */
    private record Column(Function<UserRow, Object> value, int sqlType) {
        static Column text(Function<UserRow, String> value) {
            return new Column(value::apply, Types.VARCHAR);
        }

        static Column time(Function<UserRow, Instant> value) {
            return new Column(row -> UserWrites.text(value.apply(row)), Types.VARCHAR);
        }

        static Column bool(Function<UserRow, Boolean> value) {
            return new Column(value::apply, Types.BOOLEAN);
        }
    }

    private static final List<Column> COLUMNS = List.of(Column.text(UserRow::id), Column.text(UserRow::email),
            Column.text(UserRow::emailKey), Column.text(UserRow::username), Column.text(UserRow::usernameKey),
            Column.text(UserRow::firstName), Column.text(UserRow::lastName), Column.text(UserRow::displayName),
            Column.text(UserRow::imageUrl), Column.text(UserRow::phoneNumber), Column.text(UserRow::role),
            Column.text(UserRow::publicMetadata), Column.bool(UserRow::banned), Column.time(UserRow::lastSignInAt),
            Column.time(UserRow::clerkCreatedAt), Column.time(UserRow::clerkUpdatedAt),
            Column.bool(UserRow::provisional), Column.time(UserRow::createdAt), Column.time(UserRow::updatedAt));

    private static final String STORED = "stored as (\n" + INSERT_USER + """
            select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::boolean[], ?::timestamptz[],
                ?::timestamptz[], ?::timestamptz[], ?::boolean[], ?::timestamptz[], ?::timestamptz[])
            """ + OR_UPDATE_USER + "returning 1)";
    // One user inserted or updated, nothing else: scalar parameters, so that a transaction of one
    // delivery can use a cached generic plan (see PlanMode); an insert on a primary-key conflict
    // needs no scan at any table size.
    private static final String UPSERT_ONE = "with stored as (\n" + INSERT_USER + """
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?,
                ?::timestamptz, ?::timestamptz)
            """ + OR_UPDATE_USER + """
            returning 1)
            select pg_notify('clerk_sync_users', json_build_object('id', ?::text, 'op', ?::text)::text)""";

    private static final String NOTIFY = """
            select count(pg_notify('clerk_sync_users', json_build_object('id', user_id, 'op', op)::text))
            from (select user_id, op from unnest(?::text[], ?::text[]) as changed(user_id, op)""";
    private static final String NOTIFY_RELEASED = " union all select id, 'updated' from released";

    private UserWrites() {
    }

    /** The batch's writes, as the statements of one round trip: none when nothing changes. */
    static List<RoundTrip.Part> write(SyncWrites writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        List<UserRow> rows = writes.upserts();
        if (rows.size() == 1 && writes.deletes().isEmpty() && writes.tombstones().isEmpty()
                && writes.releases().isEmpty()) {
            return List.of(writeOne(rows.get(0), writes.notifications().get(0)));
        }
        RoundTrip.Part write = RoundTrip.Part.of(writeStatement(writes),
                (statement, index) -> bindWrites(statement, index, writes));
        // The releases join arrays to users: never with a generic plan.
        return writes.releases().isEmpty() ? List.of(write) : List.of(PlanMode.CUSTOM_FROM_NOW_ON, write);
    }

    private static int bindWrites(PreparedStatement write, int index, SyncWrites writes) throws SQLException {
        Connection connection = write.getConnection();
        List<String> buried = new ArrayList<>(writes.tombstones().keySet());
        int i = index;
        if (!writes.deletes().isEmpty()) {
            write.setArray(++i, SqlArrays.texts(connection, writes.deletes()));
        }
        if (!buried.isEmpty()) {
            write.setArray(++i, SqlArrays.texts(connection, buried));
            write.setArray(++i, times(connection, buried.stream().map(writes.tombstones()::get).toList()));
        }
        List<SyncWrites.EmailRelease> releases = writes.releases();
        if (!releases.isEmpty()) {
            write.setArray(++i, SqlArrays.texts(connection, releases.stream().map(SyncWrites.EmailRelease::userId).toList()));
            write.setArray(++i, SqlArrays.texts(connection, releases.stream().map(SyncWrites.EmailRelease::emailKey).toList()));
            write.setArray(++i, times(connection, releases.stream().map(SyncWrites.EmailRelease::claimedAt).toList()));
        }
        if (!writes.upserts().isEmpty()) {
            i = bindRows(write, i, writes.upserts());
        }
        write.setArray(++i, SqlArrays.texts(connection, writes.notifications().stream().map(SyncWrites.Notification::userId).toList()));
        write.setArray(++i, SqlArrays.texts(connection, writes.notifications().stream().map(SyncWrites.Notification::op).toList()));
        return i;
    }

    private static RoundTrip.Part writeOne(UserRow row, SyncWrites.Notification notification) {
        return RoundTrip.Part.of(UPSERT_ONE, (write, index) -> {
            int i = index;
            for (Column column : COLUMNS) {
                write.setObject(++i, column.value().apply(row), column.sqlType());
            }
            write.setString(++i, notification.userId());
            write.setString(++i, notification.op());
            return i;
        });
    }

    /** As ISO-8601 text, which PostgreSQL casts to timestamptz exactly. */
    private static String text(Instant time) {
        return time == null ? null : time.toString();
    }

    /** The batch's write statement: only the parts it needs, each combination built once. */
    private static String writeStatement(SyncWrites writes) {
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
        for (Column column : COLUMNS) {
            boolean bool = column.sqlType() == Types.BOOLEAN;
            Object[] values = bool ? rows.stream().map(column.value()).toArray(Boolean[]::new)
                    : rows.stream().map(column.value()).toArray(String[]::new);
            write.setArray(++i, connection.createArrayOf(bool ? "bool" : "text", values));
        }
        return i;
    }

    private static java.sql.Array times(Connection connection, List<Instant> values) throws SQLException {
        return SqlArrays.texts(connection, values.stream().map(UserWrites::text).toList());
    }
}

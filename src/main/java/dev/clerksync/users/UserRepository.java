package dev.clerksync.users;

import dev.clerksync.persistence.PlanMode;
import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.persistence.SqlArrays;
import dev.clerksync.persistence.Transactions;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The only code that writes SQL for {@code users} and {@code user_tombstones}: one aggregate, since
 * the rules read a user's row and its tombstone in one statement and write them in one. Each column
 * of a row is named once, in {@link #COLUMNS}; every statement's column list, parameters and reads
 * follow from it. The statements for a sync run inside the caller's transaction, in its round trips;
 * the reads for the admin API run in transactions of their own.
 */
public final class UserRepository {

    /** A column of {@code users}: its name, its SQL type, and the value of a row it holds. */
    private record Column(String name, String type, Function<UserRow, Object> value) {

        boolean derived() {
            return name.endsWith("_key");
        }

        /** The select-list item that reads it, with the alias {@code u}; jsonb comes back as text. */
        String read() {
            return "u." + name + (type.equals("jsonb") ? "::text" : "");
        }

        /** A value as bound: text (jsonb and timestamptz are cast from it, times as ISO-8601, which casts exactly) or a boolean. */
        Object bound(UserRow row) {
            Object value = value().apply(row);
            return value instanceof Instant instant ? instant.toString() : value;
        }

        /** The JDBC type it is bound as: the same for null, so the server-prepared statement is reused. */
        int sqlType() {
            return type.equals("boolean") ? Types.BOOLEAN : Types.VARCHAR;
        }
    }

    // Every column, in the order of UserRow's components; the keys (folded in Java, see Keys) are stored, never read.
    private static final List<Column> COLUMNS = List.of(
            new Column("id", "text", UserRow::id),
            new Column("email", "text", UserRow::email),
            new Column("email_key", "text", UserRow::emailKey),
            new Column("username", "text", UserRow::username),
            new Column("username_key", "text", UserRow::usernameKey),
            new Column("first_name", "text", UserRow::firstName),
            new Column("last_name", "text", UserRow::lastName),
            new Column("display_name", "text", UserRow::displayName),
            new Column("image_url", "text", UserRow::imageUrl),
            new Column("phone_number", "text", UserRow::phoneNumber),
            new Column("role", "text", UserRow::role),
            new Column("public_metadata", "jsonb", UserRow::publicMetadata),
            new Column("banned", "boolean", UserRow::banned),
            new Column("last_sign_in_at", "timestamptz", UserRow::lastSignInAt),
            new Column("clerk_created_at", "timestamptz", UserRow::clerkCreatedAt),
            new Column("clerk_updated_at", "timestamptz", UserRow::clerkUpdatedAt),
            new Column("provisional", "boolean", UserRow::provisional),
            new Column("created_at", "timestamptz", UserRow::createdAt),
            new Column("updated_at", "timestamptz", UserRow::updatedAt));

    private static final List<Column> READ = COLUMNS.stream().filter(column -> !column.derived()).toList();
    private static final MethodHandle NEW_ROW = rowConstructor();
    private static final String SELECT_ROW = READ.stream().map(Column::read).collect(Collectors.joining(", "));

    // ---- locks -------------------------------------------------------------------------------

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

    // ---- what the rules read -------------------------------------------------------------------

    // A user's row, a tombstone, or both (a tombstone's columns come first, null when the user has none).
    private static final String ROW_AND_TOMBSTONE = "select t.user_id, t.deleted_at, " + SELECT_ROW + "\n";
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
    // For other kinds' rules: whether a user was deleted, and when.
    private static final String TOMBSTONES = "select user_id, deleted_at from user_tombstones where user_id = any(?)";
    private static final String USERNAME_KEYS_WITH_PREFIX =
            "select id, username_key from users where username_key like ? escape '\\'";

    // ---- what the rules decided ----------------------------------------------------------------

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
    private static final String INSERT_USER = "insert into users ("
            + COLUMNS.stream().map(Column::name).collect(Collectors.joining(", ")) + ")\n";
    // What an insert that meets the row's id overwrites: all of it but the id and when it was first written.
    private static final String OR_UPDATE_USER = "on conflict (id) do update set "
            + COLUMNS.stream().map(Column::name).filter(name -> !name.equals("id") && !name.equals("created_at"))
                    .map(name -> name + " = excluded." + name).collect(Collectors.joining(", ")) + "\n";
    private static final String STORED = "stored as (\n" + INSERT_USER + "select * from unnest("
            + COLUMNS.stream().map(column -> "?::" + column.type() + "[]").collect(Collectors.joining(", ")) + ")\n"
            + OR_UPDATE_USER + "returning 1)";
    // One user inserted or updated, nothing else: scalar parameters, so that a transaction of one
    // delivery can use a cached generic plan (see PlanMode); an insert on a primary-key conflict
    // needs no scan at any table size.
    private static final String UPSERT_ONE = "with stored as (\n" + INSERT_USER + "values ("
            + COLUMNS.stream().map(column -> column.type().equals("text") || column.type().equals("boolean")
                    ? "?" : "?::" + column.type()).collect(Collectors.joining(", ")) + ")\n"
            + OR_UPDATE_USER + """
            returning 1)
            select pg_notify('clerk_sync_users', json_build_object('id', ?::text, 'op', ?::text)::text)""";
    private static final String NOTIFY = """
            select count(pg_notify('clerk_sync_users', json_build_object('id', user_id, 'op', op)::text))
            from (select user_id, op from unnest(?::text[], ?::text[]) as changed(user_id, op)""";
    private static final String NOTIFY_RELEASED = " union all select id, 'updated' from released";

    // ---- reads for the admin API, reconcile and retention --------------------------------------

    private static final String ROLE_OF = "select role from users where id = ?";
    private static final String FIND = "select " + SELECT_ROW + " from users as u where u.id = ?";
    private static final String FIND_ALL = "select " + SELECT_ROW + " from users as u where u.id = any(?)";
    private static final String PAGE = "select " + SELECT_ROW + """
             from users as u where (?::text is null or u.role = ?) and (?::text is null or u.id > ?)
            order by u.id limit ?""";
    private static final String STATS = """
            select role, count(*), count(*) filter (where provisional) from users group by role order by role""";
    // Keyset-paged by id; rows written since the run began are never candidates (a webhook may
    // have brought a user Clerk created after the list was walked).
    private static final String UNLISTED = """
            select u.id from users as u
            where u.id > ? and u.updated_at < ?
              and not exists (select 1 from %s as s where s.id = u.id)
            order by u.id
            limit ?""";
    private static final String PURGE_TOMBSTONES = """
            delete from user_tombstones where user_id in (
                select user_id from user_tombstones where recorded_at < ? and user_id <> all(?) limit ?)""";

    private static final String CHECK_COLUMNS = "select " + COLUMNS.stream().map(Column::read)
            .collect(Collectors.joining(", ")) + ", t.user_id, t.deleted_at, t.recorded_at"
            + " from users as u, user_tombstones as t limit 0";

    private final Transactions transactions;

    public UserRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
     * Fails unless the tables have every column named here: at start, so that a schema this code
     * does not know fails the deployment rather than the first delivery.
     */
    public void checkColumns() {
        transactions.inTransaction(connection -> {
            RoundTrip.run(connection, RoundTrip.Part.of(CHECK_COLUMNS, (select, i) -> i, result -> { }));
            return null;
        });
    }

    /** The advisory-lock key of a user id: one function of the id wherever a user's lock is taken. */
    private static String lockKey(String id) {
        return "hashtextextended(" + id + ", 0)";
    }

    /** Takes the locks of these users (see {@link #LOCK}). */
    RoundTrip.Part lock(Collection<String> userIds) {
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

    /** The statement that reads the rows with one of these ids, email keys or username keys, and the ids' tombstones. */
    Load load(Collection<String> ids, Collection<String> emailKeys, Collection<String> usernameKeys) {
        return new Load(ids, emailKeys, usernameKeys);
    }

    /**
     * The statement that puts into {@code deletedAt} the deletion time of each of these users that
     * has a tombstone: for a kind whose rules must not bring back what belonged to a deleted user.
     */
    public RoundTrip.Part tombstones(Collection<String> userIds, Map<String, Instant> deletedAt) {
        return RoundTrip.Part.of(TOMBSTONES, (select, index) -> {
            select.setArray(index + 1, SqlArrays.texts(select.getConnection(), userIds));
            return index + 1;
        }, result -> deletedAt.put(result.getString(1), instant(result, 2)));
    }

    /** The stored rows whose username key starts with {@code prefix}: user id → username key. */
    Map<String, String> usernameKeysWithPrefix(Connection connection, String prefix) throws SQLException {
        Map<String, String> keys = new HashMap<>();
        RoundTrip.Part select = RoundTrip.Part.of(USERNAME_KEYS_WITH_PREFIX, (statement, index) -> {
            statement.setString(index + 1, escapeLike(prefix) + "%");
            return index + 1;
        }, result -> keys.put(result.getString(1), result.getString(2)));
        // A generic plan of a LIKE cannot use the index: this one is planned for its prefix.
        RoundTrip.run(connection, PlanMode.CUSTOM_FROM_NOW_ON, select);
        return keys;
    }

    /**
     * What reads rows and tombstones for a sync, in one round trip; once it has run, {@link #rows()}
     * and {@link #tombstones()} hold what it read.
     */
    final class Load implements RoundTrip.Part {
        private final Collection<String> ids;
        private final Collection<String> emailKeys;
        private final Collection<String> usernameKeys;
        private final boolean one;
        private final List<UserRow> rows = new ArrayList<>();
        private final Map<String, Instant> tombstones = new HashMap<>();

        private Load(Collection<String> ids, Collection<String> emailKeys, Collection<String> usernameKeys) {
            this.ids = ids;
            this.emailKeys = emailKeys;
            this.usernameKeys = usernameKeys;
            this.one = ids.size() == 1 && emailKeys.size() <= 1 && usernameKeys.size() == 1;
        }

        /** Whether it takes one value per parameter (see {@link #LOAD_ONE}). */
        boolean scalar() {
            return one;
        }

        @Override
        public String sql() {
            return one ? LOAD_ONE : LOAD;
        }

        @Override
        public int bind(PreparedStatement select, int index) throws SQLException {
            if (one) {
                String id = ids.iterator().next();
                select.setString(index + 1, id);
                select.setString(index + 2, emailKeys.isEmpty() ? null : emailKeys.iterator().next());
                select.setString(index + 3, usernameKeys.iterator().next());
                select.setString(index + 4, id);
            } else {
                Connection connection = select.getConnection();
                java.sql.Array idArray = SqlArrays.texts(connection, ids);
                select.setArray(index + 1, idArray);
                select.setArray(index + 2, SqlArrays.texts(connection, emailKeys));
                select.setArray(index + 3, SqlArrays.texts(connection, usernameKeys));
                select.setArray(index + 4, idArray);
            }
            return index + 4;
        }

        @Override
        public void read(Statement statement) throws SQLException {
            try (ResultSet result = statement.getResultSet()) {
                while (result.next()) {
                    if (result.getString(1) != null) {
                        tombstones.put(result.getString(1), instant(result, 2));
                    }
                    if (result.getString(3) != null) {
                        rows.add(row(result, 3));
                    }
                }
            }
        }

        /** The stored rows read. */
        List<UserRow> rows() {
            return rows;
        }

        /** Deletion times by user id of the users that have a tombstone. */
        Map<String, Instant> tombstones() {
            return tombstones;
        }
    }

    /** A batch's writes, as the statements of one round trip: none when nothing changes. */
    List<RoundTrip.Part> write(SyncWrites writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        List<UserRow> rows = writes.upserts();
        if (rows.size() == 1 && writes.deletes().isEmpty() && writes.tombstones().isEmpty()
                && writes.releases().isEmpty()) {
            return List.of(writeOne(rows.get(0), writes.notifications().get(0)));
        }
        List<WritePart> parts = writeParts(writes);
        String sql = (parts.isEmpty() ? "" : "with " + parts.stream().map(WritePart::sql)
                .collect(Collectors.joining(",\n")) + "\n")
                + NOTIFY + parts.stream().map(WritePart::notifies).collect(Collectors.joining()) + ") as changes";
        RoundTrip.Part write = RoundTrip.Part.of(sql, (statement, index) -> {
            int i = index;
            for (WritePart part : parts) {
                i = part.binder().bind(statement, i);
            }
            Connection connection = statement.getConnection();
            statement.setArray(++i, SqlArrays.texts(connection,
                    writes.notifications().stream().map(SyncWrites.Notification::userId).toList()));
            statement.setArray(++i, SqlArrays.texts(connection,
                    writes.notifications().stream().map(SyncWrites.Notification::op).toList()));
            return i;
        });
        // The releases join arrays to users: never with a generic plan.
        return writes.releases().isEmpty() ? List.of(write) : List.of(PlanMode.CUSTOM_FROM_NOW_ON, write);
    }

    /** One part of the write statement: its SQL, what it adds to the notifications, and its parameters. */
    private record WritePart(String sql, String notifies, RoundTrip.Binder binder) {
    }

    /** The parts a batch needs, each with its parameters beside it. */
    private static List<WritePart> writeParts(SyncWrites writes) {
        List<WritePart> parts = new ArrayList<>();
        if (!writes.deletes().isEmpty()) {
            parts.add(new WritePart(REMOVED, "", (statement, i) -> {
                statement.setArray(i + 1, SqlArrays.texts(statement.getConnection(), writes.deletes()));
                return i + 1;
            }));
        }
        if (!writes.tombstones().isEmpty()) {
            List<String> buried = new ArrayList<>(writes.tombstones().keySet());
            parts.add(new WritePart(BURIED, "", (statement, i) -> {
                statement.setArray(i + 1, SqlArrays.texts(statement.getConnection(), buried));
                statement.setArray(i + 2, times(statement.getConnection(),
                        buried.stream().map(writes.tombstones()::get).toList()));
                return i + 2;
            }));
        }
        List<SyncWrites.EmailRelease> releases = writes.releases();
        if (!releases.isEmpty()) {
            parts.add(new WritePart(RELEASED, NOTIFY_RELEASED, (statement, i) -> {
                Connection connection = statement.getConnection();
                statement.setArray(i + 1, SqlArrays.texts(connection,
                        releases.stream().map(SyncWrites.EmailRelease::userId).toList()));
                statement.setArray(i + 2, SqlArrays.texts(connection,
                        releases.stream().map(SyncWrites.EmailRelease::emailKey).toList()));
                statement.setArray(i + 3, times(connection,
                        releases.stream().map(SyncWrites.EmailRelease::claimedAt).toList()));
                return i + 3;
            }));
        }
        if (!writes.upserts().isEmpty()) {
            parts.add(new WritePart(STORED, "", (statement, i) -> bindRows(statement, i, writes.upserts())));
        }
        return parts;
    }

    private static RoundTrip.Part writeOne(UserRow row, SyncWrites.Notification notification) {
        return RoundTrip.Part.of(UPSERT_ONE, (write, index) -> {
            int i = index;
            for (Column column : COLUMNS) {
                write.setObject(++i, column.bound(row), column.sqlType());
            }
            write.setString(++i, notification.userId());
            write.setString(++i, notification.op());
            return i;
        });
    }

    private static int bindRows(PreparedStatement write, int index, List<UserRow> rows) throws SQLException {
        Connection connection = write.getConnection();
        int i = index;
        for (Column column : COLUMNS) {
            boolean bool = column.type().equals("boolean");
            Object[] values = bool ? rows.stream().map(column::bound).toArray(Boolean[]::new)
                    : rows.stream().map(column::bound).toArray(String[]::new);
            write.setArray(++i, connection.createArrayOf(bool ? "bool" : "text", values));
        }
        return i;
    }

    // ---- reads in transactions of their own ----------------------------------------------------

    public Optional<String> roleOf(String userId) {
        return transactions.inTransaction(connection -> {
            List<String> roles = new ArrayList<>();
            RoundTrip.run(connection, RoundTrip.Part.of(ROLE_OF, (select, i) -> {
                select.setString(i + 1, userId);
                return i + 1;
            }, result -> roles.add(result.getString(1))));
            return roles.stream().findFirst();
        });
    }

    public Optional<UserView> find(String userId) {
        return transactions.inTransaction(connection -> {
            List<UserView> found = new ArrayList<>();
            RoundTrip.run(connection, RoundTrip.Part.of(FIND, (select, i) -> {
                select.setString(i + 1, userId);
                return i + 1;
            }, result -> found.add(row(result, 1).view())));
            return found.stream().findFirst();
        });
    }

    /** The users of these ids that are stored, by id. */
    public Map<String, UserView> findAll(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return transactions.inTransaction(connection -> {
            Map<String, UserView> found = new HashMap<>();
            RoundTrip.run(connection, RoundTrip.Part.of(FIND_ALL, (select, i) -> {
                select.setArray(i + 1, SqlArrays.texts(connection, userIds));
                return i + 1;
            }, result -> {
                UserView user = row(result, 1).view();
                found.put(user.id(), user);
            }));
            return found;
        });
    }

    /** Keyset paging by id: the users after {@code afterId}, optionally of one role. */
    public UserPage page(Optional<String> role, Optional<String> afterId, int limit) {
        List<UserView> users = transactions.inTransaction(connection -> {
            List<UserView> found = new ArrayList<>();
            RoundTrip.run(connection, RoundTrip.Part.of(PAGE, (select, i) -> {
                select.setString(i + 1, role.orElse(null));
                select.setString(i + 2, role.orElse(null));
                select.setString(i + 3, afterId.orElse(null));
                select.setString(i + 4, afterId.orElse(null));
                select.setInt(i + 5, limit + 1);
                return i + 5;
            }, result -> found.add(row(result, 1).view())));
            return found;
        });
        boolean more = users.size() > limit;
        List<UserView> page = more ? users.subList(0, limit) : users;
        return new UserPage(page, more ? page.get(page.size() - 1).id() : null);
    }

    public UserStats stats() {
        return transactions.inTransaction(connection -> {
            Map<String, Long> byRole = new LinkedHashMap<>();
            long[] totals = new long[2];
            RoundTrip.run(connection, RoundTrip.Part.of(STATS, (select, i) -> i, result -> {
                byRole.put(result.getString(1), result.getLong(2));
                totals[0] += result.getLong(2);
                totals[1] += result.getLong(3);
            }));
            return new UserStats(totals[0], byRole, totals[1]);
        });
    }

    /** @param nextCursor the {@code after} of the next page, or null on the last page */
    public record UserPage(List<UserView> users, String nextCursor) {
    }

    public record UserStats(long total, Map<String, Long> byRole, long provisional) {
    }

    /**
     * Up to {@code limit} ids after {@code afterId} of users whose id is not in {@code listedTable}
     * (a table of one {@code id} column on the same connection) and whose row was last written
     * before {@code before}.
     */
    public List<String> unlisted(Connection connection, String listedTable, String afterId, Instant before, int limit)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        RoundTrip.run(connection, RoundTrip.Part.of(UNLISTED.formatted(listedTable), (select, i) -> {
            select.setString(i + 1, afterId);
            select.setObject(i + 2, before.atOffset(ZoneOffset.UTC));
            select.setInt(i + 3, limit);
            return i + 3;
        }, result -> ids.add(result.getString(1))));
        return ids;
    }

    /**
     * Deletes up to {@code limit} tombstones recorded before {@code cutoff}, but none of the users in
     * {@code kept}; answers how many went.
     */
    public int purgeTombstones(Instant cutoff, Collection<String> kept, int limit) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(PURGE_TOMBSTONES)) {
                delete.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                delete.setArray(2, SqlArrays.texts(connection, kept));
                delete.setInt(3, limit);
                return delete.executeUpdate();
            }
        });
    }

    // ---- rows ------------------------------------------------------------------------------------

    /** The row whose first column is {@code first}, read in the order of {@link #READ}. */
    private static UserRow row(ResultSet result, int first) throws SQLException {
        Object[] values = new Object[READ.size()];
        for (int i = 0; i < values.length; i++) {
            String type = READ.get(i).type();
            values[i] = type.equals("boolean") ? result.getBoolean(first + i)
                    : type.equals("timestamptz") ? instant(result, first + i) : result.getString(first + i);
        }
        try {
            return (UserRow) NEW_ROW.invoke(values);
        } catch (Throwable e) {
            throw new IllegalStateException("a users row could not be built", e);
        }
    }

    /**
     * UserRow's canonical constructor, taking the values of {@link #READ} as an array: checked once
     * that the columns name the record's components in their order, so the two cannot drift apart.
     */
    private static MethodHandle rowConstructor() {
        RecordComponent[] components = UserRow.class.getRecordComponents();
        List<String> names = Arrays.stream(components).map(c -> snakeCase(c.getName())).toList();
        if (!names.equals(READ.stream().map(Column::name).toList())) {
            throw new IllegalStateException("UserRepository.COLUMNS and UserRow disagree: " + names);
        }
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return MethodHandles.lookup().findConstructor(UserRow.class, MethodType.methodType(void.class, types))
                    .asSpreader(Object[].class, types.length);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    private static Instant instant(ResultSet result, int index) throws SQLException {
        OffsetDateTime time = result.getObject(index, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static java.sql.Array times(Connection connection, List<Instant> values) throws SQLException {
        return SqlArrays.texts(connection, values.stream().map(time -> time == null ? null : time.toString()).toList());
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

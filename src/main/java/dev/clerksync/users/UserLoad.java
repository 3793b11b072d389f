package dev.clerksync.users;

import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.persistence.SqlArrays;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statement that reads what the sync must see, in one round trip: the rows with one of the
 * given ids, email keys or username keys, and the ids' tombstones. Once it has run,
 * {@link #rows()} and {@link #tombstones()} hold what it read.
 */
final class UserLoad implements RoundTrip.Part {

    // A user's row, a tombstone, or both (a tombstone's columns come first, null when the user has none).
    private static final String ROW_AND_TOMBSTONE = """
            select t.user_id, t.deleted_at, u.id, u.email, u.username, u.first_name, u.last_name, u.display_name,
                u.image_url, u.phone_number, u.role, u.public_metadata::text, u.banned, u.last_sign_in_at,
                u.clerk_created_at, u.clerk_updated_at, u.provisional, u.created_at, u.updated_at
            """;

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

    private final Collection<String> ids;
    private final Collection<String> emailKeys;
    private final Collection<String> usernameKeys;
    private final boolean one;
    private final List<UserRow> rows = new ArrayList<>();
    private final Map<String, Instant> tombstones = new HashMap<>();

    UserLoad(Collection<String> ids, Collection<String> emailKeys, Collection<String> usernameKeys) {
        this.ids = ids;
        this.emailKeys = emailKeys;
        this.usernameKeys = usernameKeys;
        this.one = ids.size() == 1 && emailKeys.size() <= 1 && usernameKeys.size() == 1;
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
                    tombstones.put(result.getString(1), UserRows.instant(result, 2));
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

    /** The row whose first column is {@code first}. */
    private static UserRow row(ResultSet result, int first) throws SQLException {
        int i = first;
        return new UserRow(result.getString(i++), result.getString(i++), result.getString(i++),
                result.getString(i++), result.getString(i++), result.getString(i++), result.getString(i++),
                result.getString(i++), result.getString(i++), result.getString(i++), result.getBoolean(i++),
                UserRows.instant(result, i++), UserRows.instant(result, i++), UserRows.instant(result, i++),
                result.getBoolean(i++), UserRows.instant(result, i++), UserRows.instant(result, i));
    }
}

package dev.clerksync.reconcile;

import dev.clerksync.persistence.SqlArrays;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The ids of the Clerk users a run has seen, in a temporary table on the run's own connection
 * rather than in memory: a million ids would cost the heap about 100 MB, the table costs one
 * insert per page. It also lets PostgreSQL find the local users Clerk did not list.
 */
final class SeenUsers implements AutoCloseable {

    private static final String DROP = "drop table if exists pg_temp.reconcile_seen";
    private static final String CREATE = "create temporary table reconcile_seen (id text primary key)";
    private static final String ADD =
            "insert into pg_temp.reconcile_seen (id) select unnest(?::text[]) on conflict do nothing";
    // Keyset-paged by id; rows written since the run began are never candidates (a webhook may
    // have brought a user Clerk created after the list was walked).
    private static final String MISSING = """
            select u.id from users as u
            where u.id > ? and u.updated_at < ?
              and not exists (select 1 from pg_temp.reconcile_seen as s where s.id = u.id)
            order by u.id
            limit ?""";

    private final Connection connection;

    private SeenUsers(Connection connection) {
        this.connection = connection;
    }

    /** A fresh, empty table on {@code connection}, which must stay in autocommit mode. */
    static SeenUsers create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(DROP);
            statement.execute(CREATE);
        }
        return new SeenUsers(connection);
    }

    void add(Collection<String> ids) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(ADD)) {
            insert.setArray(1, SqlArrays.texts(connection, ids));
            insert.executeUpdate();
        }
    }

    /** Up to {@code limit} ids after {@code afterId} of local users not seen and last written before {@code before}. */
    List<String> missing(String afterId, Instant before, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(MISSING)) {
            select.setString(1, afterId);
            select.setObject(2, before.atOffset(ZoneOffset.UTC));
            select.setInt(3, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getString(1));
                }
            }
            return ids;
        }
    }

    /** Drops the table: the connection goes back to the pool, where a temporary table would linger. */
    @Override
    public void close() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(DROP);
        }
    }
}

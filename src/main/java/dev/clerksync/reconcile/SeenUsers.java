package dev.clerksync.reconcile;

import dev.clerksync.persistence.SqlArrays;
import dev.clerksync.users.UserRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
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
    private static final String TABLE = "pg_temp.reconcile_seen";

    private final Connection connection;
    private final UserRepository users;

    private SeenUsers(Connection connection, UserRepository users) {
        this.connection = connection;
        this.users = users;
    }

    /** A fresh, empty table on {@code connection}, which must stay in autocommit mode. */
    static SeenUsers create(Connection connection, UserRepository users) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(DROP);
            statement.execute(CREATE);
        }
        return new SeenUsers(connection, users);
    }

    void add(Collection<String> ids) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(ADD)) {
            insert.setArray(1, SqlArrays.texts(connection, ids));
            insert.executeUpdate();
        }
    }

    /** Up to {@code limit} ids after {@code afterId} of local users not seen and last written before {@code before}. */
    List<String> missing(String afterId, Instant before, int limit) throws SQLException {
        return users.unlisted(connection, TABLE, afterId, before, limit);
    }

    /** Drops the table: the connection goes back to the pool, where a temporary table would linger. */
    @Override
    public void close() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(DROP);
        }
    }
}

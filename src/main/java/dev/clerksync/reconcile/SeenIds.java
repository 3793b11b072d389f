package dev.clerksync.reconcile;

import dev.clerksync.persistence.SqlArrays;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

/**
 * The ids of the Clerk objects of one kind a run has seen, in a temporary table on the run's own
 * connection rather than in memory: a million ids would cost the heap about 100 MB, the table costs
 * one insert per page. It also lets PostgreSQL find the local rows Clerk did not list: the kind's
 * repository reads {@link #table()}.
 */
final class SeenIds implements AutoCloseable {

    private final Connection connection;
    private final String table;

    private SeenIds(Connection connection, String table) {
        this.connection = connection;
        this.table = table;
    }

    /**
     * A fresh, empty table {@code pg_temp.<name>} on {@code connection}, which must stay in autocommit
     * mode; {@code name} is one of this package's constants, never input.
     */
    static SeenIds create(Connection connection, String name) throws SQLException {
        SeenIds seen = new SeenIds(connection, "pg_temp." + name);
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists " + seen.table);
            statement.execute("create temporary table " + name + " (id text primary key)");
        }
        return seen;
    }

    void add(Collection<String> ids) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into " + table + " (id) select unnest(?::text[]) on conflict do nothing")) {
            insert.setArray(1, SqlArrays.texts(connection, ids));
            insert.executeUpdate();
        }
    }

    /** The run's own connection, where the table lives. */
    Connection connection() {
        return connection;
    }

    /** The table's name, schema included, for the repository's query of unlisted rows. */
    String table() {
        return table;
    }

    /** Drops the table: the connection goes back to the pool, where a temporary table would linger. */
    @Override
    public void close() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists " + table);
        }
    }
}

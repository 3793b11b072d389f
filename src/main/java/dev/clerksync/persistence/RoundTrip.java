package dev.clerksync.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Statements sent to PostgreSQL together and answered together. pgjdbc sends the statements of
 * one prepared query, separated by semicolons, in one round trip; PostgreSQL runs them one after
 * the other, and each takes a snapshot of its own when it starts (READ COMMITTED). So a read that
 * follows a lock in the same round trip sees what was committed while the lock was awaited, and
 * the wait for the network is paid once for all of them.
 */
public final class RoundTrip {

    /** One statement of a round trip: its text, its parameters, and what it does with its answer. */
    public interface Part {
        String sql();

        /** Binds its parameters from {@code index + 1} on; answers the last index it bound. */
        int bind(PreparedStatement statement, int index) throws SQLException;

        /** Reads its answer, the statement's current result (a result set or an update count); by default, nothing. */
        default void read(Statement statement) throws SQLException {
        }

        /** A query whose rows {@code rows} reads, one at a time. */
        static Part of(String sql, Binder binder, RowReader rows) {
            return new Part() {
                @Override
                public String sql() {
                    return sql;
                }

                @Override
                public int bind(PreparedStatement statement, int index) throws SQLException {
                    return binder.bind(statement, index);
                }

                @Override
                public void read(Statement statement) throws SQLException {
                    try (ResultSet result = statement.getResultSet()) {
                        while (result.next()) {
                            rows.read(result);
                        }
                    }
                }
            };
        }

        /** A statement whose answer nobody reads. */
        static Part of(String sql, Binder binder) {
            return new Part() {
                @Override
                public String sql() {
                    return sql;
                }

                @Override
                public int bind(PreparedStatement statement, int index) throws SQLException {
                    return binder.bind(statement, index);
                }
            };
        }
    }

    /** Binds a statement's parameters from {@code index + 1} on; answers the last index it bound. */
    @FunctionalInterface
    public interface Binder {
        int bind(PreparedStatement statement, int index) throws SQLException;
    }

    /** Reads the current row of a result. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /**
     * {@code COMMIT} as the last statement of a round trip: the transaction ends with its last
     * writes instead of one round trip later, and the answer comes once the commit is durable.
     * pgjdbc follows the server's transaction state, so the {@code Connection.commit()} that closes
     * the unit of work finds no transaction open and sends nothing. A commit that fails (a deferred
     * unique key) fails this round trip, as the writes before it would.
     */
    public static final Part COMMIT = Part.of("commit", (statement, index) -> index);

    private RoundTrip() {
    }

    public static void run(Connection connection, Part... parts) throws SQLException {
        run(connection, List.of(parts));
    }

    /** Runs the parts in order, in one round trip; nothing at all when there are none. */
    public static void run(Connection connection, List<Part> parts) throws SQLException {
        if (parts.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder();
        for (Part part : parts) {
            sql.append(sql.isEmpty() ? "" : ";\n").append(part.sql());
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = 0;
            for (Part part : parts) {
                index = part.bind(statement, index);
            }
            statement.execute();
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    statement.getMoreResults();
                }
                parts.get(i).read(statement);
            }
        }
    }
}

package dev.clerksync.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/** Values bound as one {@code text[]} parameter: how a statement takes a batch's ids at once. */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static Array texts(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }
}

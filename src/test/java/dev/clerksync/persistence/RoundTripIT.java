package dev.clerksync.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clerksync.support.TestDatabase;
import dev.clerksync.support.TestEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statements sent together, against a real PostgreSQL: the webhook's batches rely on these answers. */
class RoundTripIT {

    private final String table = "round_trip_" + UUID.randomUUID().toString().replace("-", "");
    private final long lockKey = System.nanoTime();

    @BeforeEach
    void createTable() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("create table " + table + " (id int)");
        }
    }

    @AfterEach
    void dropTable() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("drop table " + table);
        }
    }

    @Test
    void aReadAfterALockInTheSameRoundTripSeesWhatWasCommittedWhileTheLockWasAwaited() throws Exception {
        try (Connection holder = connect(); Connection waiter = connect()) {
            holder.setAutoCommit(false);
            waiter.setAutoCommit(false);
            execute(holder, "select pg_advisory_xact_lock(" + lockKey + ")");
            execute(holder, "insert into " + table + " values (1)");
            Query lock = new Query("select pg_advisory_xact_lock(" + lockKey + ")::text");
            Query count = new Query("select count(*)::text from " + table);

            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> run(waiter, lock, count));
            Thread.sleep(300);
            holder.commit();
            waiting.get(10, TimeUnit.SECONDS);

            assertEquals(List.of("1"), count.answer);
            waiter.rollback();
        }
    }

    @Test
    void eachPartBindsItsOwnParametersAndReadsItsOwnAnswer() throws SQLException {
        try (Connection connection = connect()) {
            Query first = new Query("select ?::text || '-a'", "one");
            Query second = new Query("select ?::text || '-b' union all select ?::text || '-b'", "two", "three");

            RoundTrip.run(connection, first, second);

            assertEquals(List.of("one-a"), first.answer);
            assertEquals(List.of("two-b", "three-b"), second.answer);
        }
    }

    @Test
    void aStatementThatFailsStopsTheOnesAfterIt() throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            Query failing = new Query("select (1 / 0)::text");
            Query insert = new Query("insert into " + table + " values (2) returning id::text");

            assertThrows(SQLException.class, () -> RoundTrip.run(connection, failing, insert));
            connection.rollback();

            assertEquals(List.of(), insert.answer);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
                rows.next();
                assertEquals(0, rows.getInt(1));
            }
        }
    }

    /** A select of text values with text parameters; {@link #answer} holds what it read. */
    private static final class Query implements RoundTrip.Part {
        final String sql;
        final String[] parameters;
        final List<String> answer = new ArrayList<>();

        Query(String sql, String... parameters) {
            this.sql = sql;
            this.parameters = parameters;
        }

        @Override
        public String sql() {
            return sql;
        }

        @Override
        public int bind(PreparedStatement statement, int index) throws SQLException {
            for (String parameter : parameters) {
                statement.setString(++index, parameter);
            }
            return index;
        }

        @Override
        public void read(Statement statement) throws SQLException {
            try (ResultSet result = statement.getResultSet()) {
                while (result.next()) {
                    answer.add(result.getString(1));
                }
            }
        }
    }

    private static void run(Connection connection, RoundTrip.Part... parts) {
        try {
            RoundTrip.run(connection, parts);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        TestDatabase db = TestEnvironment.database();
        return DriverManager.getConnection(db.directUrl(), db.user(), db.password());
    }
}

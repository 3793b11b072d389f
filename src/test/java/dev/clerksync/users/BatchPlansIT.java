package dev.clerksync.users;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.persistence.Database;
import dev.clerksync.persistence.PlanMode;
import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.support.MigratedSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch's statements run on generic plans made once per connection (see {@link PlanMode}). Made
 * on new, empty tables, such a plan must still read through the indexes: a sequential scan made
 * then would stay cached while the tables grow by thousands of rows a second.
 */
class BatchPlansIT {

    private static MigratedSchema schema;
    private static Database database;

    @BeforeAll
    static void migrateAnEmptySchema() {
        schema = MigratedSchema.create("plans");
        database = schema.database();
    }

    @AfterAll
    static void dropTheSchema() throws SQLException {
        schema.close();
    }

    @Test
    void theLoadOfABatchReadsUsersAndTombstonesThroughTheirIndexesOnEmptyTables() throws SQLException {
        RoundTrip.Part load = new UserRepository(null).load(List.of("user_a", "user_b"), List.of("a@example.com"),
                List.of("a", "b"));

        String plan = genericPlan(load.sql(), "'{user_a,user_b}', '{a@example.com}', '{a,b}', '{user_a,user_b}'");

        assertTrue(plan.contains("users_pkey"), plan);
        assertFalse(plan.contains("Seq Scan"), plan);
    }

    /** The plan a batch transaction caches for the statement, as EXPLAIN shows it. */
    private static String genericPlan(String sql, String arguments) throws SQLException {
        int[] parameter = {0};
        String numbered = java.util.regex.Pattern.compile("\\?").matcher(sql)
                .replaceAll(match -> "\\$" + (++parameter[0]));
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute(schema.start().statement(PlanMode.GENERIC).sql());
            statement.execute("prepare batch_statement as " + numbered);
            StringBuilder plan = new StringBuilder();
            try (ResultSet lines = statement.executeQuery("explain execute batch_statement(" + arguments + ")")) {
                while (lines.next()) {
                    plan.append(lines.getString(1)).append('\n');
                }
            }
            connection.rollback();
            statement.execute("deallocate batch_statement");
            return plan.toString();
        }
    }
}

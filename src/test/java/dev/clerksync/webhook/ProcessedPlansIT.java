package dev.clerksync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.persistence.Database;
import dev.clerksync.persistence.RoundTrip;
import dev.clerksync.support.MigratedSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first read of every webhook transaction, the svix-ids already processed, runs on a cached
 * plan: planning it at every execution cost more than running it. Transactions plan custom by
 * default (see PlanMode), so this holds only because the switch to cached plans is a statement of
 * its own, sent before it.
 */
class ProcessedPlansIT {

    private static final int TRANSACTIONS = 12;

    private static MigratedSchema schema;
    private static Database database;

    @BeforeAll
    static void migrateAnEmptySchema() {
        schema = MigratedSchema.create("processed");
        database = schema.database();
    }

    @AfterAll
    static void dropTheSchema() throws SQLException {
        schema.close();
    }

    @Test
    void aBatchReadsItsProcessedSvixIdsOnAGenericPlan() throws SQLException {
        long[] plans = plansAfterTransactions(List.of(delivery(), delivery()), false, "%where svix_id = any($1)%");

        assertEquals(0, plans[1], "custom plans");
        assertTrue(plans[0] > 0, "generic plans: " + plans[0]);
    }

    @Test
    void aLoneDeliveryReadsItsProcessedSvixIdOnACachedPlan() throws SQLException {
        long[] plans = plansAfterTransactions(List.of(delivery()), true, "%where svix_id = $1 %");

        assertTrue(plans[1] <= 5, "custom plans: " + plans[1]);
        assertTrue(plans[0] > 0, "generic plans: " + plans[0]);
    }

    /** Generic and custom plans of the processed read's prepared statement on one of the pool's connections. */
    private static long[] plansAfterTransactions(List<Delivery> batch, boolean scalar, String statementLike)
            throws SQLException {
        WebhookEventRepository.Processed processed = new WebhookEventRepository(null).processed(batch, scalar);
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < TRANSACTIONS; i++) {
                RoundTrip.run(connection, schema.start().statement(processed.planMode()), processed);
                connection.rollback();
            }
            try (PreparedStatement select = connection.prepareStatement("""
                    select coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0)
                    from pg_prepared_statements where statement like ?""")) {
                select.setString(1, statementLike);
                ResultSet plans = select.executeQuery();
                plans.next();
                long[] counts = {plans.getLong(1), plans.getLong(2)};
                connection.rollback();
                return counts;
            }
        }
    }

    private static Delivery delivery() {
        String svixId = "msg_" + UUID.randomUUID().toString().replace("-", "");
        return new Delivery(svixId, new byte[0], new ClerkEvent.Other("session.created", null), Instant.now());
    }
}

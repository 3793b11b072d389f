package dev.clerksync.persistence;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.support.DeployedWar;
import dev.clerksync.support.PgBouncer;
import dev.clerksync.support.TestEnvironment;
import dev.clerksync.support.Webhooks.Answer;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Behind a real PgBouncer in transaction mode (the failsafe execution {@code behind-pgbouncer}),
 * the WAR leaves nothing of its own on the server connections that PgBouncer hands to its other
 * clients: after deliveries and admin reads through the pooler, every server connection of the pool
 * shows another client PostgreSQL's own settings.
 */
// The default execution excludes it by name; a run of it alone (-Dit.test) passes through both.
@EnabledIfSystemProperty(named = "clerk-sync.test.pgbouncer", matches = "true")
class NoSessionStateBehindPgBouncerIT extends DeployedWar {

    // What the WAR sets in its transactions; a leak would show one of them to another client.
    private static final List<String> SETTINGS = List.of(
            "plan_cache_mode", "enable_seqscan", "search_path", "lock_timeout", "statement_timeout");

    @Test
    void theWarsTransactionsGoThroughPgBouncer() throws Exception {
        long before = transactionsThroughPgBouncer();

        for (int i = 0; i < 5; i++) {
            deliver(userCreated(newUserId()).updatedAt(1_000).json());
        }

        long after = before;
        // PgBouncer updates its counters every stats_period (1 s here).
        for (int wait = 0; wait < 50 && after < before + 5; wait++) {
            Thread.sleep(100);
            after = transactionsThroughPgBouncer();
        }
        assertTrue(after >= before + 5, "PgBouncer counted " + (after - before) + " transactions of 5 deliveries");
    }

    @Test
    void anotherClientOfThePoolerSeesNoSettingOfOurs() throws Exception {
        loadThroughThePooler();
        Map<String, String> serverDefaults;
        try (Connection direct = DriverManager.getConnection(db().directUrl(), db().user(), db().password())) {
            serverDefaults = settings(direct);
        }

        // As many transactions open at once as the pool has server connections: each holds a different one.
        List<Connection> clients = new ArrayList<>();
        try {
            for (int i = 0; i < PgBouncer.POOL_SIZE; i++) {
                Connection client = DriverManager.getConnection(TestEnvironment.pgBouncer().url(databaseName()),
                        db().user(), db().password());
                client.setAutoCommit(false);
                clients.add(client);
            }
            for (Connection client : clients) {
                assertEquals(serverDefaults, settingsInTransaction(client), "a server connection the WAR used");
            }
        } finally {
            for (Connection client : clients) {
                client.close();
            }
        }
    }

    /** Deliveries on all writers at once and admin reads, so the WAR's transactions meet many server connections. */
    private void loadThroughThePooler() {
        List<CompletableFuture<Answer>> deliveries = IntStream.range(0, 40)
                .mapToObj(i -> CompletableFuture.supplyAsync(() ->
                        webhooks().delivery(userCreated(newUserId()).updatedAt(1_000).json()).post()))
                .toList();
        deliveries.forEach(answer -> assertEquals(200, answer.join().status(), answer.join().toString()));
    }

    private static Map<String, String> settingsInTransaction(Connection client) throws SQLException {
        Map<String, String> settings = settings(client);
        client.rollback();
        return settings;
    }

    private static Map<String, String> settings(Connection connection) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String name : SETTINGS) {
                try (ResultSet value = statement.executeQuery("select current_setting('" + name + "')")) {
                    value.next();
                    values.put(name, value.getString(1));
                }
            }
        }
        return values;
    }

    /** The WAR's transactions PgBouncer has counted for the test database. */
    private static long transactionsThroughPgBouncer() {
        return TestEnvironment.pgBouncer().transactions(databaseName(), db().user());
    }

    private static String databaseName() {
        return URI.create(db().directUrl().substring("jdbc:".length())).getPath().substring(1);
    }
}

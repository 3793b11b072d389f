package dev.clerksync.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clerksync.fixtures.workload.ExpectedObjects;
import dev.clerksync.fixtures.workload.MixedEvents;
import dev.clerksync.fixtures.workload.PlannedDelivery;
import dev.clerksync.fixtures.workload.StateCheck;
import dev.clerksync.fixtures.workload.UserState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fault suites' verdict on the database once every delivery was answered 2xx: the {@code users}
 * table equals the model of the deliveries (each user's latest event by {@code updated_at}).
 */
final class TableAgainstModel {

    private TableAgainstModel() {
    }

    /**
     * Prints the comparison, then asserts it: the users table holds each user's latest version, no
     * user the model lacks (nothing resurrected), one row per email, a tombstone per deleted user,
     * each svix-id recorded exactly once and none failed.
     */
    static void assertEqual(Connection connection, List<PlannedDelivery> deliveries) throws SQLException {
        ExpectedObjects<UserState> model = ExpectedObjects.ofAcknowledged(UserState.class, deliveries);
        Map<String, Long> expectedVersions = new HashMap<>();
        Set<String> deleted = new HashSet<>();
        for (ExpectedObjects.Expectation<UserState> user : model.all()) {
            if (user.present()) {
                expectedVersions.put(user.id(), user.state().updatedAt());
            } else {
                deleted.add(user.id());
            }
        }
        Set<String> svixIds = new HashSet<>();
        deliveries.forEach(delivery -> svixIds.add(delivery.svixId()));
        StateCheck check = StateCheck.run(connection, model, MixedEvents.DEFAULT_ROLE);
        Map<String, Long> versions = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select id, (extract(epoch from clerk_updated_at) * 1000)"
                     + "::bigint from users")) {
            while (rows.next()) {
                versions.put(rows.getString(1), rows.getLong(2));
            }
        }
        long rowCount = count(connection, "select count(*) from users");
        long distinctEmails = count(connection, "select count(distinct lower(email)) from users where email is not null");
        long withEmail = count(connection, "select count(*) from users where email is not null");
        long tombstones = count(connection, "select count(*) from user_tombstones where user_id = any(?)",
                (Object) deleted.toArray(String[]::new));
        long recorded = count(connection, "select count(*) from webhook_events where svix_id = any(?)",
                (Object) svixIds.toArray(String[]::new));
        long failed = count(connection, "select count(*) from webhook_events where outcome = 'failed'");
        int wrongVersion = 0;
        for (Map.Entry<String, Long> expected : expectedVersions.entrySet()) {
            Long stored = versions.get(expected.getKey());
            if (stored != null && !stored.equals(expected.getValue())) {
                wrongVersion++;
            }
        }
        Set<String> extra = new HashSet<>(versions.keySet());
        extra.removeAll(expectedVersions.keySet());
        Set<String> resurrected = new HashSet<>(extra);
        resurrected.retainAll(deleted);

        System.out.printf(Locale.ROOT, "model: %d users present, %d deleted; table: %d rows; %s%n",
                expectedVersions.size(), deleted.size(), rowCount, check);
        System.out.printf(Locale.ROOT, "rows at another version than the model %d, rows not in the model %d"
                + " (resurrected %d), tombstones %d of %d, svix-ids recorded %d of %d (failed %d)%n",
                wrongVersion, extra.size(), resurrected.size(), tombstones, deleted.size(), recorded,
                svixIds.size(), failed);

        assertEquals(0, check.mismatches(), check + " " + check.samples());
        assertEquals(expectedVersions.size(), rowCount, "rows in users");
        assertEquals(Set.of(), extra, "rows that the model does not have (resurrected: " + resurrected + ")");
        assertEquals(0, wrongVersion, "rows at another clerk_updated_at than the model's");
        assertEquals(withEmail, distinctEmails, "two rows with one email");
        assertEquals(deleted.size(), tombstones, "deleted users without a tombstone");
        assertEquals(svixIds.size(), recorded, "svix-ids not recorded exactly once");
        assertEquals(0, failed, "deliveries recorded as failed");
    }

    private static long count(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object parameter = parameters[i];
                statement.setObject(i + 1, parameter instanceof String[] array
                        ? connection.createArrayOf("text", array) : parameter);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

}

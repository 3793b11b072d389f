package dev.clerksync.users;

import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.userCreated;
import static dev.clerksync.fixtures.ClerkEvents.userDeleted;
import static dev.clerksync.fixtures.ClerkEvents.userUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clerksync.support.DeployedWar;
import dev.clerksync.support.Webhooks.Delivery;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** {@code LISTEN clerk_sync_users} sees every committed row change, and nothing else. */
class ChangeNotificationsIT extends DeployedWar {

    @Test
    void listenerSeesExactlyTheCreateUpdateAndDeleteOfAUser() throws Exception {
        String user = newUserId();
        try (Connection listener = DriverManager.getConnection(db().directUrl(), db().user(), db().password())) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("listen clerk_sync_users");
            }
            Delivery created = webhooks().delivery(userCreated(user).role("admin").updatedAt(1_000).json());
            deliver(created, "applied");
            deliver(webhooks().delivery(userCreated(user).role("admin").updatedAt(1_000).json()).id(created.id()),
                    "duplicate");
            String update = userUpdated(user).role("admin").name("Ada", "Lovelace").updatedAt(2_000).json();
            deliver(webhooks().delivery(update), "applied");
            deliver(webhooks().delivery(userUpdated(user).name("Old", "Name").updatedAt(1_500).json()), "stale");
            // The same version again (Clerk's own echo after a set-role, say): applied, but nothing changes.
            deliver(webhooks().delivery(update), "applied");
            deliver(webhooks().delivery("{\"type\":\"session.created\",\"data\":{\"id\":\"sess_1\"}}"), "ignored");
            deliver(webhooks().delivery(userDeleted(user, 3_000_000_000_000L)), "applied");

            assertEquals(List.of("created", "updated", "deleted"), operationsOn(user, listener));
        }
    }

    private void deliver(Delivery delivery, String outcome) {
        assertEquals(outcome, delivery.post().outcome());
    }

    /** The ops announced for {@code user}, in order, waiting briefly for stragglers. */
    private static List<String> operationsOn(String user, Connection listener) throws Exception {
        List<String> ops = new ArrayList<>();
        PGConnection pg = listener.unwrap(PGConnection.class);
        for (int polls = 0; polls < 5; polls++) {
            PGNotification[] notifications = pg.getNotifications(200);
            if (notifications == null) {
                continue;
            }
            for (PGNotification notification : notifications) {
                JsonObject payload = Json.createReader(new StringReader(notification.getParameter())).readObject();
                if (payload.getString("id").equals(user)) {
                    ops.add(payload.getString("op"));
                }
            }
        }
        return ops;
    }
}

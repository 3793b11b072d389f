package dev.clerksync.organizations;

import static dev.clerksync.fixtures.ClerkEvents.membershipCreated;
import static dev.clerksync.fixtures.ClerkEvents.membershipUpdated;
import static dev.clerksync.fixtures.ClerkEvents.newMembershipId;
import static dev.clerksync.fixtures.ClerkEvents.newOrganizationId;
import static dev.clerksync.fixtures.ClerkEvents.newUserId;
import static dev.clerksync.fixtures.ClerkEvents.organizationCreated;
import static dev.clerksync.fixtures.ClerkEvents.organizationDeleted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clerksync.support.DeployedWar;
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

/** {@code LISTEN clerk_sync_organizations} sees every committed change of an organization or membership row. */
class OrganizationNotificationsIT extends DeployedWar {

    @Test
    void listenerSeesEachChangedRowOnceWithItsOrganizationAndUser() throws Exception {
        String organization = newOrganizationId();
        String membership = newMembershipId();
        String user = newUserId();
        try (Connection listener = DriverManager.getConnection(db().directUrl(), db().user(), db().password())) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("listen clerk_sync_organizations");
            }
            deliver(organizationCreated(organization).updatedAt(1_000).json());
            // The same organization embedded at the same version: no change, no notification for it.
            deliver(membershipCreated(membership, organization, user).organizationUpdatedAt(1_000).updatedAt(1_000)
                    .json());
            deliver(membershipUpdated(membership, organization, user).organizationUpdatedAt(1_000)
                    .role("org:admin").updatedAt(2_000).json());
            deliver(membershipUpdated(membership, organization, user).organizationUpdatedAt(1_000)
                    .updatedAt(1_500).json());
            deliver(organizationDeleted(organization, 5_000_000_000_000L));

            assertEquals(List.of(
                    "organization " + organization + " " + organization + " - created",
                    "membership " + membership + " " + organization + " " + user + " created",
                    "membership " + membership + " " + organization + " " + user + " updated",
                    // One transaction: the organization's row first, then the memberships it took along.
                    "organization " + organization + " " + organization + " - deleted",
                    "membership " + membership + " " + organization + " " + user + " deleted"),
                    notificationsAbout(organization, listener));
        }
    }

    /** The notifications naming {@code organization}, in order, each as "kind id organizationId userId op". */
    private static List<String> notificationsAbout(String organization, Connection listener) throws Exception {
        List<String> seen = new ArrayList<>();
        PGConnection pg = listener.unwrap(PGConnection.class);
        for (int polls = 0; polls < 5; polls++) {
            PGNotification[] notifications = pg.getNotifications(200);
            if (notifications == null) {
                continue;
            }
            for (PGNotification notification : notifications) {
                JsonObject payload = Json.createReader(new StringReader(notification.getParameter())).readObject();
                if (payload.getString("organizationId").equals(organization)) {
                    seen.add(payload.getString("kind") + " " + payload.getString("id") + " "
                            + payload.getString("organizationId") + " " + payload.getString("userId", "-") + " "
                            + payload.getString("op"));
                }
            }
        }
        return seen;
    }
}

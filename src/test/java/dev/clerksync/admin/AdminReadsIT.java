package dev.clerksync.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin reads: users by role with keyset paging, counts by role, failed deliveries. */
class AdminReadsIT extends AdminApiTest {

    private String token;

    @BeforeEach
    void anAdministrator() {
        token = tokenFor(syncedUser("admin"));
    }

    @Test
    void usersArePagedByIdWithACursorUntilTheLastPage() {
        for (int i = 0; i < 3; i++) {
            syncedUser("admin");
        }
        long admins = db().count("select count(*) from users where role = 'admin'");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Answer page = get("api/admin/users?role=admin&limit=2" + (cursor == null ? "" : "&after=" + cursor), token);
            assertEquals(200, page.status(), page.toString());
            JsonObject body = page.json();
            body.getJsonArray("users").forEach(u -> seen.add(u.asJsonObject().getString("id")));
            body.getJsonArray("users").forEach(u -> assertEquals("admin", u.asJsonObject().getString("role")));
            cursor = body.get("nextCursor") == JsonValue.NULL || !body.containsKey("nextCursor")
                    ? null : body.getString("nextCursor");
        } while (cursor != null);

        assertEquals(admins, seen.size());
        assertEquals(seen.stream().sorted().toList(), seen);
        assertEquals(seen.stream().distinct().count(), seen.size());
    }

    @Test
    void statsCountUsersByRole() {
        JsonObject stats = get("api/admin/users/stats", token).json();

        assertEquals(db().count("select count(*) from users"), stats.getJsonNumber("total").longValue());
        assertEquals(db().count("select count(*) from users where role = 'admin'"),
                stats.getJsonObject("byRole").getJsonNumber("admin").longValue());
        assertEquals(db().count("select count(*) from users where provisional"),
                stats.getJsonNumber("provisional").longValue());
    }

    @Test
    void failedWebhookEventsAreListedNewestFirstWithErrorAndPayload() {
        var delivery = webhooks().delivery("{\"type\":\"user.updated\",\"data\":{\"id\":\"" + ClerkEvents.newUserId()
                + "\"}}");
        delivery.post();

        Answer answer = get("api/admin/webhook-events?outcome=failed&limit=5", token);

        assertEquals(200, answer.status(), answer.toString());
        JsonObject newest = answer.json().getJsonArray("events").getJsonObject(0);
        assertEquals(delivery.id(), newest.getString("svixId"));
        assertEquals("failed", newest.getString("outcome"));
        assertTrue(newest.getString("error").contains("updated_at"));
        assertTrue(newest.getString("payload").contains("user.updated"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/admin/users?limit=0", "api/admin/users?limit=501", "api/admin/users?role=owner",
        "api/admin/users?after=robert'); drop table users", "api/admin/webhook-events?outcome=weird"})
    void badQueryParametersAre400(String path) {
        assertEquals(400, get(path.replace(" ", "%20").replace("'", "%27").replace(";", "%3B"), token).status());
    }
}

package dev.clerksync.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/admin/set-roles}: many set-roles in one call, each with its own answer. */
class SetRolesIT extends AdminApiTest {

    private static final String SET_ROLES = "api/admin/set-roles";

    private String admin;
    private String first;
    private String second;

    @BeforeEach
    void anAdministratorAndTwoTargets() {
        admin = syncedUser("admin");
        first = syncedUser("user");
        second = syncedUser("user");
        clerk().reset();
    }

    @Test
    void eachAssignmentIsAnsweredOnItsOwnAndTheCallersOwnIdIsRefused() {
        String unknown = ClerkEvents.newUserId();

        Answer answer = setRoles(item(first, "admin"), item(admin, "user"), item(unknown, "admin"),
                item(second, "owner"), item(second, "admin"));

        assertEquals(200, answer.status(), answer.toString());
        List<JsonObject> results = answer.json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertResult(results.get(0), first, 200);
        assertEquals("admin", results.get(0).getString("role"));
        assertResult(results.get(1), admin, 403);
        assertResult(results.get(2), unknown, 404);
        assertResult(results.get(3), second, 400);
        assertResult(results.get(4), second, 200);
        assertEquals("admin", db().user(first).orElseThrow().get("role"));
        assertEquals("admin", db().user(second).orElseThrow().get("role"));
        assertEquals("admin", db().user(admin).orElseThrow().get("role"));
        assertEquals(3, clerk().requests().size(), "no call to Clerk for the refused ones");
        assertEquals(1, db().count("select count(*) from role_changes where target_id = ?", first));
    }

    @Test
    void clerk429StopsTheRestWhichAre429WithClerksRetryAfter() {
        clerk().rateLimitNext(1, 7);

        Answer answer = setRoles(item(first, "admin"), item(second, "admin"));

        assertEquals(200, answer.status(), answer.toString());
        assertEquals("7", answer.retryAfter());
        List<JsonObject> results = answer.json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertResult(results.get(0), first, 429);
        assertResult(results.get(1), second, 429);
        assertEquals(1, clerk().requests().size(), "nothing tried after the 429");
        assertEquals("user", db().user(second).orElseThrow().get("role"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"assignments\":[]}", "{\"assignments\":[42]}", "{\"assignments\":{}}", "[]"})
    void listThatIsMissingEmptyOrNotOfObjectsIs400(String body) {
        Answer answer = post(SET_ROLES, tokenFor(admin), body);

        assertEquals(400, answer.status(), answer.toString());
        assertEquals(List.of(), clerk().requests());
    }

    @Test
    void moreThan100AssignmentsIs400() {
        JsonObject[] items = new JsonObject[101];
        Arrays.fill(items, item(first, "admin"));

        assertEquals(400, setRoles(items).status());
        assertEquals(List.of(), clerk().requests());
    }

    private Answer setRoles(JsonObject... items) {
        JsonArrayBuilder assignments = Json.createArrayBuilder();
        for (JsonObject item : items) {
            assignments.add(item);
        }
        return post(SET_ROLES, tokenFor(admin), Json.createObjectBuilder().add("assignments", assignments).build()
                .toString());
    }

    private static JsonObject item(String targetUserId, String role) {
        return Json.createObjectBuilder().add("targetUserId", targetUserId).add("role", role).build();
    }

    private static void assertResult(JsonObject result, String targetUserId, int status) {
        assertEquals(targetUserId, result.getString("targetUserId"), result.toString());
        assertEquals(status, result.getInt("status"), result.toString());
        if (status != 200) {
            assertEquals(false, result.getString("title").isEmpty());
        }
    }
}

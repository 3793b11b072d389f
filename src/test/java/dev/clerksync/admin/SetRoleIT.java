package dev.clerksync.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clerksync.fixtures.ClerkBackendStandIn.Mode;
import dev.clerksync.fixtures.ClerkBackendStandIn;
import dev.clerksync.fixtures.ClerkEvents;
import dev.clerksync.support.AdminApiTest;
import dev.clerksync.support.Webhooks.Answer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/admin/set-role}: one curl, the role lands in Clerk and in our table. */
class SetRoleIT extends AdminApiTest {

    private static final String SET_ROLE = "api/admin/set-role";

    private String admin;
    private String target;

    @BeforeEach
    void anAdministratorAndATarget() {
        admin = syncedUser("admin");
        target = syncedUser("user");
        clerk().reset();
    }

    @Test
    void roleIsWrittenToClerkThenSyncedAndAudited() {
        Answer answer = setRole(target, "admin");

        assertEquals(200, answer.status(), answer.toString());
        JsonObject body = answer.json();
        assertTrue(body.getBoolean("success"));
        assertEquals("User role updated to admin", body.getString("message"));
        assertEquals(target, body.getJsonObject("user").getString("id"));
        assertEquals("admin", body.getJsonObject("user").getString("role"));
        assertEquals("Ada", body.getJsonObject("user").getString("firstName"));

        ClerkBackendStandIn.Request patch = clerk().requests().get(0);
        assertEquals("PATCH", patch.method());
        assertEquals("/v1/users/" + target + "/metadata", patch.path());
        assertEquals("Bearer " + ClerkBackendStandIn.SECRET_KEY, patch.authorization());
        assertEquals(Json.createObjectBuilder().add("public_metadata", Json.createObjectBuilder().add("role", "admin"))
                .build(), Json.createReader(new java.io.StringReader(patch.body())).readObject());
        assertEquals(1, clerk().requests().size());

        assertEquals("admin", db().user(target).orElseThrow().get("role"));
        Map<String, Object> audit = db().query("select * from role_changes where target_id = ?", target).get(0);
        assertEquals(admin, audit.get("actor_id"));
        assertEquals("user", audit.get("old_role"));
        assertEquals("admin", audit.get("new_role"));
    }

    @Test
    void otherMetadataKeysSurviveTheChange() {
        clerk().put(Json.createObjectBuilder(clerk().user(target))
                .add("public_metadata", Json.createObjectBuilder().add("role", "user").add("plan", "pro"))
                .build());

        setRole(target, "admin");

        JsonObject metadata = clerk().user(target).getJsonObject("public_metadata");
        assertEquals("pro", metadata.getString("plan"));
        assertEquals("admin", metadata.getString("role"));
        assertTrue(db().user(target).orElseThrow().get("public_metadata").toString().contains("pro"));
    }

    @Test
    void theWebhookClerkSendsAfterwardsChangesNothingWrong() {
        setRole(target, "admin");
        JsonObject afterwards = clerk().user(target);
        String webhook = Json.createObjectBuilder().add("type", "user.updated").add("object", "event")
                .add("timestamp", afterwards.getJsonNumber("updated_at").longValue()).add("data", afterwards)
                .build().toString();
        Map<String, Object> before = db().user(target).orElseThrow();

        String outcome = deliver(webhook);

        assertTrue(List.of("applied", "stale").contains(outcome), outcome);
        assertEquals("admin", db().user(target).orElseThrow().get("role"));
        assertEquals(before.get("clerk_updated_at"), db().user(target).orElseThrow().get("clerk_updated_at"));
        assertEquals("stale", deliver(ClerkEvents.userUpdated(target).role("user").updatedAt(1_500).json()));
    }

    @Test
    void administratorCannotChangeTheirOwnRole() {
        Answer answer = setRole(admin, "user");

        assertEquals(403, answer.status(), answer.toString());
        assertEquals(List.of(), clerk().requests());
    }

    @ParameterizedTest
    @CsvSource({"user_abc, owner", "not-a-user-id, admin", "'user_ab c', admin", "user_, admin",
            "../../etc/passwd, admin", "'user_''; drop table users; --', admin",
            "user_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, admin"})
    void unknownRoleOrMalformedIdIs400AndNothingIsSent(String id, String role) {
        Answer answer = setRole(id, role);

        assertEquals(400, answer.status(), answer.toString());
        assertEquals(List.of(), clerk().requests());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"targetUserId\":42,\"role\":\"admin\"}", "{\"role\":\"admin\"}", "not json"})
    void malformedBodyIs400(String body) {
        Answer answer = post(SET_ROLE, tokenFor(admin), body);

        assertEquals(400, answer.status(), answer.toString());
        assertEquals(List.of(), clerk().requests());
    }

    @Test
    void bodyNested1000DeepIs400() {
        Answer answer = post(SET_ROLE, tokenFor(admin), "{\"targetUserId\":\"" + target + "\",\"role\":\"admin\","
                + "\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}");

        assertEquals(400, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        assertEquals(List.of(), clerk().requests());
    }

    @Test
    void bodyOver16KibIs413() {
        Answer answer = post(SET_ROLE, tokenFor(admin),
                "{\"targetUserId\":\"" + target + "\",\"role\":\"admin\",\"pad\":\"" + "x".repeat(17_000) + "\"}");

        assertEquals(413, answer.status());
    }

    @Test
    void clerk404Is404AndNothingChanges() {
        clerk().mode(Mode.NOT_FOUND);

        assertClerkFailure(setRole(target, "admin"), 404);
    }

    @Test
    void clerk429Is429WithClerksRetryAfter() {
        clerk().mode(Mode.RATE_LIMITED);

        Answer answer = setRole(target, "admin");

        assertClerkFailure(answer, 429);
        assertEquals("7", answer.retryAfter());
    }

    @Test
    void clerk500Is502() {
        clerk().mode(Mode.SERVER_ERROR);

        assertClerkFailure(setRole(target, "admin"), 502);
    }

    @Test
    void clerkHangingIs502WithinTheTimeout() {
        clerk().mode(Mode.HANG);
        long started = System.nanoTime();

        Answer answer = setRole(target, "admin");

        assertClerkFailure(answer, 502);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10, "bounded by the 2 s test timeout");
    }

    private void assertClerkFailure(Answer answer, int status) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        assertEquals("user", db().user(target).orElseThrow().get("role"));
        assertEquals(0, db().count("select count(*) from role_changes where target_id = ?", target));
    }

    private Answer setRole(String targetUserId, String role) {
        return post(SET_ROLE, tokenFor(admin),
                "{\"targetUserId\":\"" + targetUserId + "\",\"role\":\"" + role + "\"}");
    }
}
